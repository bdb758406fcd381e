package dev.handoff.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.testkit.VertxExtension;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The byte relay of a socket that did not opt in, between two {@link EmbeddedChannel}s: bytes as
 * they came, and the sidecar's own close frames only in between two frames.
 */
class ByteRelayTest {
  @RegisterExtension static final VertxExtension vertxes = new VertxExtension();

  private static final int MAX = 1024;

  private EmbeddedChannel client;
  private EmbeddedChannel app;
  private int clientClosedCalls;

  @BeforeEach
  void channels() {
    client = new EmbeddedChannel();
    app = new EmbeddedChannel();
  }

  @AfterEach
  void release() {
    for (EmbeddedChannel ch : List.of(client, app)) {
      Object m;
      while ((m = ch.readOutbound()) != null) ReferenceCountUtil.release(m);
      ch.finishAndReleaseAll();
    }
  }

  private ByteRelay join() {
    return ByteRelay.join(
        vertxes.contextOn(client.eventLoop()),
        client,
        h -> client.pipeline().addLast("relay", h),
        app,
        h -> app.pipeline().addLast("relay", h),
        MAX,
        () -> clientClosedCalls++);
  }

  private void settle() {
    for (int i = 0; i < 5; i++) {
      client.runPendingTasks();
      app.runPendingTasks();
    }
  }

  /** One frame as it travels on the wire, masked as a client's are when {@code masked}. */
  private static byte[] frame(int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x80 | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      out.write(maskBit | payload.length);
    } else {
      out.write(maskBit | 126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xFF);
    }
    byte[] mask = {1, 2, 3, 4};
    if (masked) out.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++)
      out.write(masked ? payload[i] ^ mask[i % 4] : payload[i]);
    return out.toByteArray();
  }

  private static byte[] text(String s, boolean masked) {
    return frame(0x1, s.getBytes(StandardCharsets.UTF_8), masked);
  }

  private static byte[] closeFrame(boolean masked) {
    return frame(0x8, new byte[] {0x03, (byte) 0xE8}, masked);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.write(p, 0, p.length);
    return out.toByteArray();
  }

  private static void read(EmbeddedChannel ch, byte[] bytes) {
    ch.writeInbound(Unpooled.wrappedBuffer(bytes));
  }

  /** Everything written to a channel: its bytes, and the sidecar's own frames as frames. */
  private static List<Object> written(EmbeddedChannel ch) {
    List<Object> out = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Object m;
    while ((m = ch.readOutbound()) != null) {
      if (m instanceof ByteBuf buf) {
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        bytes.write(b, 0, b.length);
        buf.release();
      } else {
        if (bytes.size() > 0) out.add(bytes.toByteArray());
        bytes.reset();
        out.add(m);
      }
    }
    if (bytes.size() > 0) out.add(bytes.toByteArray());
    return out;
  }

  @Test
  void bytesPassUnchangedBothWaysEvenWhenAFrameIsSplitAcrossReads() {
    join();
    byte[] fromClient = concat(text("hello", true), frame(0x2, new byte[300], true));
    read(client, java.util.Arrays.copyOfRange(fromClient, 0, 4));
    read(client, java.util.Arrays.copyOfRange(fromClient, 4, fromClient.length));
    byte[] fromApp = concat(text("answer", false), frame(0x9, new byte[] {7}, false));
    read(app, fromApp);

    assertThat(written(app)).singleElement().isEqualTo(fromClient);
    assertThat(written(client)).singleElement().isEqualTo(fromApp);
  }

  @Test
  void aDrainFinishesTheFrameUnderWayBeforeItsCloseFrameAndRelaysNothingAfter() {
    ByteRelay relay = join();
    byte[] big = text("x".repeat(200), true);
    read(client, java.util.Arrays.copyOfRange(big, 0, 50));

    Future<Void> closed = relay.closeBoth((short) 1012, "service restart", (short) 1001, "handoff");
    settle();
    assertThat(written(app)).as("only the frame's first part so far").hasSize(1);

    read(client, concat(java.util.Arrays.copyOfRange(big, 50, big.length), text("late", true)));
    settle();
    List<Object> toApp = written(app);
    assertThat(toApp).hasSize(2);
    assertThat((byte[]) toApp.get(0)).hasSize(big.length - 50);
    assertThat(toApp.get(1))
        .isInstanceOfSatisfying(
            CloseWebSocketFrame.class, f -> assertThat(f.statusCode()).isEqualTo(1001));
    assertThat(app.isOpen()).as("the app's side ends behind its close frame").isFalse();

    assertThat(written(client))
        .singleElement()
        .isInstanceOfSatisfying(
            CloseWebSocketFrame.class,
            f -> {
              assertThat(f.statusCode()).isEqualTo(1012);
              assertThat(f.reasonText()).isEqualTo("service restart");
            });
    assertThat(closed.isComplete()).isFalse();
    read(client, closeFrame(true));
    settle();
    assertThat(client.isOpen()).as("closed on the client's answer").isFalse();
    assertThat(closed.succeeded()).isTrue();
    assertThat(clientClosedCalls).isEqualTo(1);
  }

  @Test
  void aDrainWaitsForTheAppsFrameUnderWayBeforeTheClientsCloseFrame() {
    ByteRelay relay = join();
    byte[] fromApp = text("y".repeat(100), false);
    read(app, java.util.Arrays.copyOfRange(fromApp, 0, 10));
    relay.closeBoth((short) 1012, "service restart", (short) 1001, "handoff");
    settle();
    assertThat(written(client)).as("no close frame inside the app's frame").hasSize(1);

    assertThat(written(app))
        .as("the app's close frame goes at once")
        .singleElement()
        .isInstanceOf(CloseWebSocketFrame.class);
    assertThat(app.isOpen()).as("but its connection stays until its frame is through").isTrue();

    read(app, java.util.Arrays.copyOfRange(fromApp, 10, fromApp.length));
    settle();
    List<Object> toClient = written(client);
    assertThat(toClient).hasSize(2);
    assertThat(toClient.get(1)).isInstanceOf(CloseWebSocketFrame.class);
    assertThat(app.isOpen()).isFalse();
  }

  @Test
  void aFrameOverTheLimitEndsTheSocket() {
    join();
    read(client, frame(0x2, new byte[MAX + 1], true));
    settle();
    assertThat(written(app)).as("nothing of it reaches the app").isEmpty();
    assertThat(client.isOpen()).isFalse();
    assertThat(app.isOpen()).isFalse();
  }

  @Test
  void aClientCloseIsRelayedAndTheAppsAnswerEndsBoth() {
    join();
    read(client, closeFrame(true));
    assertThat(written(app)).singleElement().isEqualTo(closeFrame(true));
    read(app, closeFrame(false));
    app.close();
    settle();
    assertThat(written(client)).singleElement().isEqualTo(closeFrame(false));
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void theAppHearsOfAClientThatVanishedWithoutAClose() {
    join();
    read(client, text("hi", true));
    written(app);
    client.close();
    settle();
    assertThat(written(app))
        .singleElement()
        .isInstanceOfSatisfying(
            CloseWebSocketFrame.class, f -> assertThat(f.statusCode()).isEqualTo(1001));
    assertThat(app.isOpen()).isFalse();
    assertThat(clientClosedCalls).isEqualTo(1);
  }
}
