package dev.handoff.loadtest.client;

import dev.handoff.contract.ControlFrames;
import io.vertx.core.Context;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * One browser tab running handoff.js, reduced to the protocol: opts in with {@code handoff.v1},
 * answers {@code drain} with its state, reconnects after {@code reconnectAfterMs} with its token,
 * and checks that the state in the restoring {@code hello} is byte for byte what it sent.
 * Everything runs on the client's own event loop context, so its fields need no locks; the few that
 * others read are volatile.
 */
final class SimulatedClient {
  private enum Phase {
    CONNECTING,
    CONNECTED,
    DRAINING,
    HANDED_OFF,
    RELOADING,
    STOPPED
  }

  private final int id;
  private final Context context;
  private final Fleet fleet;
  private final StateText text;
  private Phase phase = Phase.CONNECTING;
  private WebSocket socket;
  private int revision;
  private String state;
  private int pageLag;
  private long pageVersion;
  private long version;
  private String token;
  private long drainedVersion;
  private long drainedAt;
  private long reconnectStartedAt;
  private int attempts;
  private boolean greeted;
  private volatile int lost;
  private volatile int refreshed;
  private volatile int restored;
  private volatile long connectedVersion;
  private volatile boolean live;

  SimulatedClient(int id, Context context, Fleet fleet, StateText text, boolean stale) {
    this.id = id;
    this.context = context;
    this.fleet = fleet;
    this.text = text;
    this.state = text.at(0);
    this.pageLag = stale ? 1 : 0;
  }

  void start() {
    context.runOnContext(v -> connect());
  }

  void stop() {
    context.runOnContext(
        v -> {
          phase = Phase.STOPPED;
          if (socket != null && !socket.isClosed()) socket.close();
        });
  }

  int lostCount() {
    return lost;
  }

  int refreshedCount() {
    return refreshed;
  }

  int restoredCount() {
    return restored;
  }

  /** Whether the client holds a socket that greeted it, i.e. the user sees a working page. */
  boolean live() {
    return live;
  }

  /** The version of the pod this client last got a {@code hello} from. */
  long connectedVersion() {
    return connectedVersion;
  }

  private void connect() {
    if (phase == Phase.STOPPED) return;
    attempts++;
    FleetSettings s = fleet.settings();
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(s.target().getHost())
            .setPort(s.port())
            .setSsl(s.tls())
            .setURI(s.path())
            .setSubProtocols(ClientFrames.offer(token))
            .setTimeout(15_000);
    fleet
        .webSockets()
        .connect(options)
        .onComplete(
            ar -> {
              if (phase == Phase.STOPPED) {
                if (ar.succeeded()) ar.result().close();
                return;
              }
              if (ar.failed()) {
                retry();
                return;
              }
              socket = ar.result();
              socket.textMessageHandler(this::onText);
              socket.exceptionHandler(err -> {});
              socket.closeHandler(v -> onClose());
            });
  }

  /** 503 from a draining pod, a refused or reset connection: try again later, within bounds. */
  private void retry() {
    if (token != null) fleet.ledger().drainedFrom(drainedVersion).recordRetry();
    if (fleet.settings().backoff().exhausted(attempts)) {
      if (token != null) {
        becomeLost("gave_up_reconnecting");
        token = null;
      }
      // A browser would keep trying too, as a fresh page: the view is gone but the user is still
      // there.
      attempts = 0;
    }
    context.owner().setTimer(fleet.settings().backoff().delayMillis(attempts), t -> connect());
  }

  private void onText(String frame) {
    String json = ClientFrames.json(frame);
    if (json == null) return; // the app's own traffic
    JsonObject msg;
    try {
      msg = new JsonObject(json);
    } catch (RuntimeException e) {
      return;
    }
    switch (String.valueOf(msg.getValue(ControlFrames.TYPE))) {
      case ControlFrames.HELLO -> onHello(msg, json);
      case ControlFrames.REFRESH -> onRefresh();
      case ControlFrames.DRAIN -> onDrain();
      case ControlFrames.HANDOFF -> onHandoff(msg);
      default -> {}
    }
  }

  private void onHello(JsonObject msg, String json) {
    long now = System.nanoTime();
    version = msg.getLong(ControlFrames.VERSION, 0L);
    if (token != null) {
      DeployTally tally = fleet.ledger().drainedFrom(drainedVersion);
      String back =
          msg.containsKey(ControlFrames.RESTORED) ? ClientFrames.restoredState(json) : null;
      if (back == null) {
        becomeLost("restore_" + msg.getString(ControlFrames.RESTORE, "missing"));
      } else if (!back.equals(state)) {
        becomeLost("state_differs");
      } else {
        restored++;
        tally.recordRestored(now - reconnectStartedAt, now - drainedAt);
        // The user goes on typing on the new pod: the next hand-off must carry the newer state.
        state = text.at(++revision);
      }
      token = null;
    }
    pageVersion = version - pageLag;
    attempts = 0;
    connectedVersion = version;
    live = true;
    phase = Phase.CONNECTED;
    fleet.settled(this, !greeted);
    greeted = true;
  }

  /**
   * The pod cannot take this client's state (too old): handoff.js reloads the page, which is not a
   * loss.
   */
  private void onRefresh() {
    if (token != null) {
      refreshed++;
      fleet.ledger().drainedFrom(drainedVersion).recordRefreshed();
      token = null;
    }
    // A reloaded page runs the current code with an empty form.
    pageLag = 0;
    revision = 0;
    state = text.at(0);
    phase = Phase.RELOADING;
    socket.close();
  }

  private void onDrain() {
    if (phase != Phase.CONNECTED) return;
    phase = Phase.DRAINING;
    live = false;
    drainedAt = System.nanoTime();
    drainedVersion = version;
    fleet.unsettled(this);
    fleet.ledger().drainedFrom(drainedVersion).recordAsked();
    socket.writeTextMessage(ClientFrames.state(state, pageVersion));
  }

  private void onHandoff(JsonObject msg) {
    if (phase != Phase.DRAINING) return;
    token = msg.getString(ControlFrames.TOKEN);
    fleet.ledger().drainedFrom(drainedVersion).recordToken(System.nanoTime() - drainedAt);
    long after = Math.max(0, msg.getLong(ControlFrames.RECONNECT_AFTER_MS, 0L));
    phase = Phase.HANDED_OFF;
    socket.closeHandler(
        v ->
            context
                .owner()
                .setTimer(
                    Math.max(1, after),
                    t -> {
                      reconnectStartedAt = System.nanoTime();
                      attempts = 0;
                      connect();
                    }));
  }

  private void onClose() {
    switch (phase) {
      case STOPPED, HANDED_OFF -> {}
      case RELOADING -> {
        phase = Phase.CONNECTING;
        connect();
      }
      case DRAINING -> {
        // Asked for its state but never given a token: the view is gone.
        becomeLost("no_token");
        phase = Phase.CONNECTING;
        context.owner().setTimer(fleet.settings().backoff().delayMillis(1), t -> connect());
      }
      case CONNECTED -> {
        live = false;
        lost++;
        fleet.ledger().drainedFrom(version).recordDropped();
        fleet.unsettled(this);
        phase = Phase.CONNECTING;
        context.owner().setTimer(fleet.settings().backoff().delayMillis(1), t -> connect());
      }
      case CONNECTING -> retry();
    }
  }

  private void becomeLost(String reason) {
    lost++;
    fleet.ledger().drainedFrom(drainedVersion).recordLost(reason);
  }

  @Override
  public String toString() {
    return "client-" + id;
  }
}
