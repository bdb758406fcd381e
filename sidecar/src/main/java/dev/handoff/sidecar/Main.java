package dev.handoff.sidecar;

import dev.handoff.sidecar.admin.DrainCommand;
import dev.handoff.sidecar.config.ConfigException;
import dev.handoff.sidecar.config.ConfigLoader;
import dev.handoff.sidecar.config.SidecarConfig;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * {@code java -jar handoff-sidecar.jar [--flag value…]} runs the sidecar; {@code … drain} runs the preStop
 * drain. SIGTERM (and SIGINT) drain and then exit 0, as Kubernetes expects of a graceful shutdown.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    ProcessDefaults.apply();
    if (args.length > 0 && args[0].equals("drain")) {
      System.exit(DrainCommand.run(System.getenv()));
    }
    SidecarConfig config;
    try {
      config = ConfigLoader.load(System.getenv(), List.of(args));
    } catch (ConfigException e) {
      System.err.println("handoff-sidecar: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    ProcessDefaults.logFormat(config.logFormat());
    Vertx vertx = Vertx.vertx();
    Sidecar sidecar;
    try {
      sidecar = Sidecar.start(vertx, config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.err.println("handoff-sidecar: could not start: " + cause.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (!stopping.compareAndSet(false, true)) return;
      // Signal handlers must return quickly; the drain runs on its own thread and ends the process.
      Thread t = new Thread(() -> {
        try {
          sidecar.drain().toCompletionStage().toCompletableFuture()
              .get(config.drainTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
          // The drain has its own deadline; whatever is left, the process ends now.
        }
        // Every socket is closed by now; a graceful close of the servers would only delay the exit.
        System.exit(0);
      }, "handoff-shutdown");
      t.start();
    };
    Signal.handle(new Signal("TERM"), s -> stop.run());
    Signal.handle(new Signal("INT"), s -> stop.run());
  }
}
