package dev.handoff.loadtest.bench;

import dev.handoff.testkit.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's nginx as the comparison proxy: our own config in a temp dir, one worker, {@code daemon
 * off}, loopback only, upstream keep-alive and WebSocket upgrades as a production ingress would
 * proxy them. The master runs in the foreground; {@link #workerPid()} is the process whose memory
 * counts.
 */
final class NginxProcess implements AutoCloseable {
  private final ChildProcess master;
  private final Path prefix;
  private final int port;

  private NginxProcess(ChildProcess master, Path prefix, int port) {
    this.master = master;
    this.prefix = prefix;
    this.port = port;
  }

  static NginxProcess start(String nginxBinary, int upstreamPort, Path logs) {
    try {
      Path prefix = Files.createTempDirectory("bench-nginx");
      int port = FreePort.next();
      String conf =
          """
          worker_processes 1;
          daemon off;
          master_process on;
          pid %1$s/nginx.pid;
          error_log %1$s/error.log warn;
          worker_rlimit_nofile 19990;
          events { worker_connections 19900; multi_accept on; }
          http {
            access_log off;
            client_body_temp_path %1$s/body;
            proxy_temp_path %1$s/proxy;
            fastcgi_temp_path %1$s/fastcgi;
            uwsgi_temp_path %1$s/uwsgi;
            scgi_temp_path %1$s/scgi;
            map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
            upstream app { server 127.0.0.1:%2$d; keepalive 64; }
            server {
              listen 127.0.0.1:%3$d;
              location / {
                proxy_pass http://app;
                proxy_http_version 1.1;
                proxy_set_header Upgrade $http_upgrade;
                proxy_set_header Connection $connection_upgrade;
                proxy_read_timeout 3600s;
              }
            }
          }
          """
              .formatted(prefix, upstreamPort, port);
      Path file = prefix.resolve("nginx.conf");
      Files.writeString(file, conf);
      ChildProcess p =
          ChildProcess.spawn(
              "nginx",
              List.of(
                  nginxBinary,
                  "-p",
                  prefix.toString(),
                  "-e",
                  prefix.resolve("error.log").toString(),
                  "-c",
                  file.toString()),
              Map.of(),
              logs.resolve("nginx.log"));
      NginxProcess nginx = new NginxProcess(p, prefix, port);
      p.awaitOk(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(20));
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  /** The single worker: the child of our master (read from /proc, since the master forks it). */
  long workerPid() {
    return master.pidOfOnlyChild();
  }

  long masterPid() {
    return master.pid();
  }

  @Override
  public void close() {
    master.close();
  }
}
