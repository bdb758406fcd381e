package dev.handoff.sidecar.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * Moves frames one way between the client and the app as they come: text, binary, fragments, ping and pong,
 * and the close code and reason. When the receiving side's write queue is full the sending side is paused
 * until it drains, so a slow reader never makes the sidecar buffer without bound.
 */
final class FramePump implements Handler<WebSocketFrame> {
  private final WebSocketBase from;
  private final WebSocketBase to;
  private final ControlSink control;
  private final int maxControlBytes;
  private Buffer controlMessage;
  private boolean controlOverflow;

  /** @param control where control messages go; null for the app-to-client direction and plain sockets */
  FramePump(WebSocketBase from, WebSocketBase to, ControlSink control, int maxControlBytes) {
    this.from = from;
    this.to = to;
    this.control = control;
    this.maxControlBytes = maxControlBytes;
  }

  @Override
  public void handle(WebSocketFrame frame) {
    switch (frame.type()) {
      case TEXT -> {
        Buffer data = frame.binaryData();
        if (control != null && data.length() > 0 && data.getByte(0) == 0) {
          startControl(data, frame.isFinal());
        } else {
          forward(frame);
        }
      }
      case CONTINUATION -> {
        if (controlMessage != null) {
          continueControl(frame.binaryData(), frame.isFinal());
        } else {
          forward(frame);
        }
      }
      case CLOSE -> CloseCodes.close(to, frame.closeStatusCode(), frame.closeReason());
      default -> forward(frame);
    }
  }

  private void startControl(Buffer data, boolean last) {
    if (last) {
      control.control(data.toString(StandardCharsets.UTF_8));
      return;
    }
    controlMessage = Buffer.buffer();
    controlOverflow = false;
    continueControl(data, false);
  }

  private void continueControl(Buffer data, boolean last) {
    if (!controlOverflow) {
      if (controlMessage.length() + data.length() > maxControlBytes) {
        controlOverflow = true;
        controlMessage = Buffer.buffer();
      } else {
        controlMessage.appendBuffer(data);
      }
    }
    if (last) {
      Buffer message = controlMessage;
      controlMessage = null;
      if (controlOverflow) control.oversized();
      else control.control(message.toString(StandardCharsets.UTF_8));
    }
  }

  private void forward(WebSocketFrame frame) {
    to.writeFrame(frame);
    if (to.writeQueueFull()) {
      from.pause();
      to.drainHandler(v -> from.resume());
    }
  }
}
