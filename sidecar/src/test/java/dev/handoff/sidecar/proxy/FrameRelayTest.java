package dev.handoff.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.testkit.VertxExtension;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The relay between two {@link EmbeddedChannel}s, one for the client's connection and one for the
 * app's.
 */
class FrameRelayTest {
  @RegisterExtension static final VertxExtension vertxes = new VertxExtension();

  private EmbeddedChannel client;
  private EmbeddedChannel app;
  private final List<String> controls = new ArrayList<>();
  private int oversized;
  private int clientClosedCalls;

  @BeforeEach
  void channels() {
    client = new EmbeddedChannel();
    app = new EmbeddedChannel();
  }

  @AfterEach
  void release() {
    drainOutbound(client);
    drainOutbound(app);
    client.finishAndReleaseAll();
    app.finishAndReleaseAll();
  }

  private static void drainOutbound(EmbeddedChannel ch) {
    Object m;
    while ((m = ch.readOutbound()) != null) ReferenceCountUtil.release(m);
  }

  private ControlSink sink() {
    return new ControlSink() {
      @Override
      public void control(byte[] utf8) {
        controls.add(new String(utf8, StandardCharsets.UTF_8));
      }

      @Override
      public void oversized() {
        oversized++;
      }
    };
  }

  private FrameRelay join(ControlSink sink, int maxControlBytes) {
    // The context runs on the client's embedded loop, so runPendingTasks() runs what the relay
    // schedules.
    return FrameRelay.join(
        vertxes.contextOn(client.eventLoop()),
        client,
        h -> client.pipeline().addLast("relay", h),
        app,
        h -> app.pipeline().addLast("relay", h),
        sink,
        maxControlBytes,
        () -> clientClosedCalls++);
  }

  private void settle() {
    for (int i = 0; i < 5; i++) {
      client.runPendingTasks();
      app.runPendingTasks();
    }
  }

  private static String textOf(Object frame) {
    assertThat(frame).isInstanceOf(TextWebSocketFrame.class);
    TextWebSocketFrame t = (TextWebSocketFrame) frame;
    try {
      return t.text();
    } finally {
      t.release();
    }
  }

  private static TextWebSocketFrame text(String s) {
    return new TextWebSocketFrame(s);
  }

  @Test
  void framesPassBothWaysAsTheyCame() {
    join(sink(), 1024);

    client.writeInbound(
        text("from client"), new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})));
    app.writeInbound(
        text("from app"), new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {9})));

    assertThat(textOf(app.readOutbound())).isEqualTo("from client");
    BinaryWebSocketFrame binary = app.readOutbound();
    assertThat(binary.content().readableBytes()).isEqualTo(2);
    binary.release();
    assertThat(textOf(client.readOutbound())).isEqualTo("from app");
    PingWebSocketFrame ping = client.readOutbound();
    assertThat(ping.content().getByte(0)).isEqualTo((byte) 9);
    ping.release();
  }

  @Test
  void aControlFrameFromTheClientGoesToTheHandoffNotTheApp() {
    join(sink(), 1024);

    client.writeInbound(text("\0{\"t\":\"checkpoint\",\"state\":{}}"));

    assertThat(controls).containsExactly("\0{\"t\":\"checkpoint\",\"state\":{}}");
    assertThat((Object) app.readOutbound()).isNull();
  }

  @Test
  void aSocketThatDidNotOptInRelaysNulFramesToTheApp() {
    join(null, 1024);

    client.writeInbound(text("\0not ours"));

    assertThat(textOf(app.readOutbound())).isEqualTo("\0not ours");
  }

  @Test
  void theAppsOwnNulFramesReachTheClient() {
    join(sink(), 1024);

    app.writeInbound(text("\0{\"t\":\"app\"}"));

    assertThat(textOf(client.readOutbound())).isEqualTo("\0{\"t\":\"app\"}");
    assertThat(controls).isEmpty();
  }

  @Test
  void aFragmentedControlMessageArrivesWhole() {
    join(sink(), 1024);

    client.writeInbound(new TextWebSocketFrame(false, 0, "\0{\"t\":\"state\","));
    client.writeInbound(new ContinuationWebSocketFrame(false, 0, "\"state\":"));
    client.writeInbound(new ContinuationWebSocketFrame(true, 0, "{\"é\":1}}"));

    assertThat(controls).containsExactly("\0{\"t\":\"state\",\"state\":{\"é\":1}}");
    assertThat((Object) app.readOutbound()).isNull();
  }

  @Test
  void aCharacterSplitBetweenFragmentsReachesTheSinkAsTheClientsBytes() {
    List<byte[]> messages = new ArrayList<>();
    join(
        new ControlSink() {
          @Override
          public void control(byte[] utf8) {
            messages.add(utf8);
          }

          @Override
          public void oversized() {
            oversized++;
          }
        },
        1024);
    byte[] whole = "\0{\"t\":\"state\",\"state\":{\"é€\":1}}".getBytes(StandardCharsets.UTF_8);
    int cut = indexOf(whole, (byte) 0xc3) + 1; // inside the é's two bytes
    int cut2 = indexOf(whole, (byte) 0xe2) + 2; // inside the €'s three bytes

    client.writeInbound(
        new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer(whole, 0, cut)),
        new ContinuationWebSocketFrame(false, 0, Unpooled.copiedBuffer(whole, cut, cut2 - cut)),
        new ContinuationWebSocketFrame(
            true, 0, Unpooled.copiedBuffer(whole, cut2, whole.length - cut2)));

    assertThat(messages).hasSize(1);
    assertThat(messages.get(0)).isEqualTo(whole);
    assertThat(oversized).isZero();
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) if (bytes[i] == b) return i;
    throw new AssertionError("no such byte");
  }

  @Test
  void aFragmentedControlMessageOverTheLimitIsDroppedAndReported() {
    join(sink(), 16);

    client.writeInbound(new TextWebSocketFrame(false, 0, "\0{\"t\":\"state\","));
    client.writeInbound(
        new ContinuationWebSocketFrame(true, 0, "\"state\":{\"x\":\"" + "y".repeat(64) + "\"}}"));

    assertThat(controls).isEmpty();
    assertThat(oversized).isEqualTo(1);
    assertThat((Object) app.readOutbound()).isNull();

    // The next message is read afresh.
    client.writeInbound(text("\0{}"));
    assertThat(controls).containsExactly("\0{}");
  }

  @Test
  void theAppsFragmentedTextKeepsItsContinuations() {
    join(sink(), 1024);

    client.writeInbound(
        new TextWebSocketFrame(false, 0, "app "), new ContinuationWebSocketFrame(true, 0, "text"));

    assertThat(textOf(app.readOutbound())).isEqualTo("app ");
    ContinuationWebSocketFrame rest = app.readOutbound();
    assertThat(rest.text()).isEqualTo("text");
    rest.release();
    assertThat(controls).isEmpty();
  }

  @Test
  void sendToClientWritesATextFrame() {
    FrameRelay relay = join(sink(), 1024);

    Future<Void> sent = relay.sendToClient("\0{\"t\":\"hello\"}");
    settle();

    assertThat(textOf(client.readOutbound())).isEqualTo("\0{\"t\":\"hello\"}");
    assertThat(sent.succeeded()).isTrue();
  }

  @Test
  void closeBothSendsEachSideItsOwnCloseEndsTheAppAtOnceAndTheClientWhenItAnswers() {
    FrameRelay relay = join(sink(), 1024);

    Future<Void> closed = relay.closeBoth((short) 1012, "handoff", (short) 1001, "handoff");
    settle();

    CloseWebSocketFrame toClient = client.readOutbound();
    CloseWebSocketFrame toApp = app.readOutbound();
    assertThat(toClient.statusCode()).isEqualTo(1012);
    assertThat(toApp.statusCode()).isEqualTo(1001);
    toClient.release();
    toApp.release();
    assertThat(closed.isComplete()).isFalse();

    // The app's connection ends behind its close frame (its answer would only be dropped); the
    // client's
    // close answer ends the client's.
    assertThat(app.isActive()).isFalse();
    assertThat(client.isActive()).isTrue();
    assertThat((Object) client.readOutbound()).isNull();
    client.writeInbound(new CloseWebSocketFrame(1012, "handoff"));
    settle();

    assertThat(client.isActive()).isFalse();
    assertThat(closed.succeeded()).isTrue();
    assertThat(clientClosedCalls).isEqualTo(1);
  }

  @Test
  void aSideThatNeverAnswersTheCloseIsCutOffAfterTenSeconds() {
    FrameRelay relay = join(sink(), 1024);
    client.freezeTime();
    app.freezeTime();

    relay.closeBoth((short) 1012, "handoff", (short) 1001, "handoff");
    settle();
    client.advanceTimeBy(9, TimeUnit.SECONDS);
    client.runScheduledPendingTasks();
    assertThat(client.isActive()).isTrue();

    client.advanceTimeBy(1, TimeUnit.SECONDS);
    client.runScheduledPendingTasks();
    app.advanceTimeBy(10, TimeUnit.SECONDS);
    app.runScheduledPendingTasks();
    settle();

    assertThat(client.isActive()).isFalse();
    assertThat(app.isActive()).isFalse();
  }

  @Test
  void aClientThatVanishesWithoutACloseFrameIsGoingAwayToTheApp() {
    join(sink(), 1024);

    client.close();
    settle();

    CloseWebSocketFrame toApp = app.readOutbound();
    assertThat(toApp.statusCode()).isEqualTo(1001);
    toApp.release();
    assertThat(app.isActive()).isFalse();
    assertThat(clientClosedCalls).isEqualTo(1);
  }

  @Test
  void aClientsOwnCloseIsRelayedAsItCame() {
    join(sink(), 1024);

    client.writeInbound(new CloseWebSocketFrame(4000, "bye"));
    client.close();
    settle();

    CloseWebSocketFrame toApp = app.readOutbound();
    assertThat(toApp.statusCode()).isEqualTo(4000);
    assertThat(toApp.reasonText()).isEqualTo("bye");
    toApp.release();
    // No second close (no 1001 of its own): only the empty write the connection closes behind.
    Object next = app.readOutbound();
    assertThat(next).isNotInstanceOf(WebSocketFrame.class);
    ReferenceCountUtil.release(next);
    assertThat(app.isActive()).isFalse();
  }

  @Test
  void theAppEndingEndsTheClient() {
    join(sink(), 1024);

    app.close();
    settle();

    assertThat(client.isActive()).isFalse();
  }

  @Test
  void aReaderThatCannotKeepUpStopsItsWriterUntilItCan() {
    app.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
    join(sink(), 1024);

    ByteBuf big = Unpooled.wrappedBuffer(new byte[64]);
    client.writeOneInbound(new BinaryWebSocketFrame(big));
    assertThat(client.config().isAutoRead()).isFalse();

    client.pipeline().fireChannelReadComplete();
    assertThat(client.config().isAutoRead()).isTrue();
  }

  @Test
  void abortClosesBothAtOnce() {
    FrameRelay relay = join(sink(), 1024);

    relay.abort();
    settle();

    assertThat(client.isActive()).isFalse();
    assertThat(app.isActive()).isFalse();
    assertThat((Object) client.readOutbound()).isNull();
  }
}
