package dev.handoff.operator.testing;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A throw-away {@code redis-server} on a free port, without persistence; stopped on close. */
public final class RedisProcess implements AutoCloseable {

    private static final String BINARY = "/usr/bin/redis-server";

    private final Process process;
    private final int port;
    private final int tlsPort;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisProcess(Process process, int port, int tlsPort, RedisClient client,
            StatefulRedisConnection<String, String> connection) {
        this.process = process;
        this.port = port;
        this.tlsPort = tlsPort;
        this.client = client;
        this.connection = connection;
    }

    public static RedisProcess start() {
        return start(List.of(), 0);
    }

    /**
     * Also speaks TLS on {@link #tlsUrl()} with the given PEM certificate and key; the plain port stays open for the
     * fixture's own writes.
     */
    public static RedisProcess startTls(Path certificate, Path key) {
        int tlsPort = freePort();
        return start(List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", certificate.toString(),
                "--tls-key-file", key.toString(), "--tls-auth-clients", "no"), tlsPort);
    }

    private static RedisProcess start(List<String> extraArguments, int tlsPort) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(BINARY, "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no"));
        command.addAll(extraArguments);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "redis-" + port + ".log"))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY + " (apt-get install -y redis-server)", e);
        }
        RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + port));
        StatefulRedisConnection<String, String>[] connection = new StatefulRedisConnection[1];
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            connection[0] = client.connect();
            return "PONG".equals(connection[0].sync().ping());
        });
        return new RedisProcess(process, port, tlsPort, client, connection[0]);
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** By name, so the client can check the name against the server certificate. */
    public String tlsUrl() {
        return "rediss://localhost:" + tlsPort;
    }

    public void hset(String key, Map<String, String> fields) {
        connection.sync().hset(key, fields);
    }

    public void stop() {
        process.destroy();
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (process.isAlive()) {
            stop();
        }
    }
}
