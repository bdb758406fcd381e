package dev.handoff.loadtest.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A layer-4 balancer in this JVM, standing in for a Service with kube-proxy: round robin over the
 * pods whose readiness probe last passed, probed every {@value #PROBE_MILLIS} ms, so a draining pod
 * drops out a moment after it turns unready — as endpoint removal does — and upgrades that reach it
 * meanwhile are refused with 503 by the sidecar. A connection refused by a pod goes to the next
 * one.
 */
public final class TcpBalancer implements Balancer {
  static final long PROBE_MILLIS = 100;

  private record Endpoint(Pod pod, AtomicBoolean inRotation) {
    boolean serving() {
      return inRotation.get();
    }
  }

  private final Vertx vertx;
  private final NetServer server;
  private final NetClient client;
  private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final long probe;

  private TcpBalancer(Vertx vertx) {
    this.vertx = vertx;
    this.server =
        vertx.createNetServer(
            new NetServerOptions()
                .setHost("127.0.0.1")
                .setPort(0)
                .setTcpNoDelay(true)
                .setAcceptBacklog(4096));
    this.client =
        vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2000));
    this.probe =
        vertx.setPeriodic(
            PROBE_MILLIS,
            t -> {
              for (Endpoint e : endpoints) e.inRotation().set(e.pod().ready());
            });
  }

  public static TcpBalancer start(Vertx vertx) {
    TcpBalancer balancer = new TcpBalancer(vertx);
    balancer.server.connectHandler(balancer::accept).listen().await();
    return balancer;
  }

  private void accept(NetSocket in) {
    in.pause();
    forward(in, 0);
  }

  private void forward(NetSocket in, int tried) {
    List<Endpoint> ready = endpoints.stream().filter(Endpoint::serving).toList();
    if (ready.isEmpty() || tried >= ready.size()) {
      in.close();
      return;
    }
    Endpoint target = ready.get(Math.floorMod(next.getAndIncrement(), ready.size()));
    client
        .connect(target.pod().proxyPort(), "127.0.0.1")
        .onComplete(
            ar -> {
              if (ar.failed()) {
                forward(in, tried + 1);
                return;
              }
              NetSocket out = ar.result();
              in.closeHandler(v -> out.close());
              out.closeHandler(v -> in.close());
              in.pipeTo(out);
              out.pipeTo(in);
            });
  }

  @Override
  public URI url(String path) {
    return URI.create("ws://127.0.0.1:" + server.actualPort() + path);
  }

  @Override
  public void add(Pod pod) {
    // Endpoints are added once the pod is ready, as the endpoints controller does.
    endpoints.add(new Endpoint(pod, new AtomicBoolean(pod.ready())));
  }

  @Override
  public void remove(Pod pod) {
    endpoints.removeIf(e -> e.pod() == pod);
  }

  @Override
  public String describe() {
    return "in-JVM TCP balancer (round robin, readiness probed every " + PROBE_MILLIS + " ms)";
  }

  @Override
  public void close() {
    vertx.cancelTimer(probe);
    try {
      server.close().await(5, TimeUnit.SECONDS);
      client.close().await(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException ignored) {
      // Closing at the end of a run: the JVM goes away next.
    }
  }
}
