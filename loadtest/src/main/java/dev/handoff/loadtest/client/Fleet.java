package dev.handoff.loadtest.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated clients of a run, spread over the event loops of one Vert.x instance: connects them
 * (a window of handshakes at a time), knows how many are settled (holding a live socket with a
 * {@code hello}) and keeps their {@link HandoffLedger}.
 */
public final class Fleet {
  private final Vertx vertx;
  private final FleetSettings settings;
  private final WebSocketClient webSockets;
  private final HandoffLedger ledger = new HandoffLedger();
  private final List<SimulatedClient> clients;
  private final Queue<SimulatedClient> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inTransit;
  private final AtomicInteger everConnected = new AtomicInteger();

  public Fleet(Vertx vertx, FleetSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.webSockets =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(settings.clients() * 2 + 16)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 22)
                .setTcpNoDelay(true)
                .setTrustAll(false)
                .setVerifyHost(true));
    Random random = new Random(settings.seed());
    this.clients = new ArrayList<>(settings.clients());
    for (int i = 0; i < settings.clients(); i++) {
      // Called off the event loops, each call hands out the next event loop: clients spread evenly.
      clients.add(
          new SimulatedClient(
              i,
              vertx.getOrCreateContext(),
              this,
              StateText.generate(random, i, settings.stateMin(), settings.stateMax()),
              i < settings.staleClients()));
    }
    this.inTransit = new AtomicInteger(settings.clients());
  }

  /** Connects every client; completes once each has its first {@code hello}. */
  public Future<Void> connect() {
    waiting.addAll(clients);
    Promise<Void> all = Promise.promise();
    long timer =
        vertx.setPeriodic(
            20,
            t -> {
              if (everConnected.get() == clients.size()) {
                vertx.cancelTimer(t);
                all.tryComplete();
              }
            });
    for (int i = 0; i < Math.max(1, settings.rampWindow()); i++) startNext();
    return all.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  private void startNext() {
    SimulatedClient next = waiting.poll();
    if (next != null) next.start();
  }

  /**
   * A client got its {@code hello}; {@code first} on its very first one, which lets the next one
   * start.
   */
  void settled(SimulatedClient client, boolean first) {
    inTransit.decrementAndGet();
    if (first) {
      everConnected.incrementAndGet();
      startNext();
    }
  }

  void unsettled(SimulatedClient client) {
    inTransit.incrementAndGet();
  }

  FleetSettings settings() {
    return settings;
  }

  WebSocketClient webSockets() {
    return webSockets;
  }

  public HandoffLedger ledger() {
    return ledger;
  }

  public int size() {
    return clients.size();
  }

  /** Clients holding a live socket that got its {@code hello}. */
  public int settledCount() {
    return clients.size() - inTransit.get();
  }

  /** Clients between a drain (or a drop) and their next {@code hello}. */
  public int inTransit() {
    return inTransit.get();
  }

  public boolean allSettled() {
    return inTransit.get() == 0;
  }

  /** Clients live now whose every hand-off came back byte for byte: their view survived. */
  public int intactClients() {
    int n = 0;
    for (SimulatedClient c : clients)
      if (c.live() && c.lostCount() == 0 && c.refreshedCount() == 0) n++;
    return n;
  }

  /** Clients that lost their view at least once, or are not back at all. */
  public int clientsWithLoss() {
    int n = 0;
    for (SimulatedClient c : clients) if (!c.live() || c.lostCount() > 0) n++;
    return n;
  }

  /** Clients live now, never lost, told to refresh at least once (by design, not a loss). */
  public int clientsRefreshed() {
    int n = 0;
    for (SimulatedClient c : clients)
      if (c.live() && c.refreshedCount() > 0 && c.lostCount() == 0) n++;
    return n;
  }

  /**
   * The lowest version any client is connected to: a deploy is over for the clients once it moved
   * past.
   */
  public long lowestConnectedVersion() {
    long min = Long.MAX_VALUE;
    for (SimulatedClient c : clients) min = Math.min(min, c.connectedVersion());
    return min;
  }

  public Future<Void> close() {
    clients.forEach(SimulatedClient::stop);
    return webSockets.close();
  }
}
