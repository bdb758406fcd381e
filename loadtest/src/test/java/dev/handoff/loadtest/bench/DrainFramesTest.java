package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.sidecar.handoff.ControlFrame;
import dev.handoff.sidecar.handoff.ControlFrameParser;
import dev.handoff.sidecar.handoff.SessionControl;
import org.junit.jupiter.api.Test;

/** The benchmarks' few frames against the sidecar's own. */
class DrainFramesTest {

  @Test
  void theBenchRecognisesTheSidecarsDrainAndHandoff() {
    assertThat(DrainFrames.isDrain(SessionControl.drain(15000))).isTrue();
    assertThat(DrainFrames.DRAIN).isEqualTo(SessionControl.drain(15000));
    assertThat(DrainFrames.isHandoff(SessionControl.handoff("t", 1, 2))).isTrue();
    assertThat(DrainFrames.token(SessionControl.handoff("tok", 1, 2))).isEqualTo("tok");
    assertThat(DrainFrames.isHello(SessionControl.hello("shop", 1))).isTrue();
    assertThat(DrainFrames.isRestored(SessionControl.helloRestored("shop", 2, 1, "{}"))).isTrue();
    assertThat(DrainFrames.isRestored(SessionControl.helloNotRestored("shop", 2, "expired")))
        .isFalse();
    assertThat(DrainFrames.isDrain("{\"t\":\"drain\"}")).isFalse();
  }

  @Test
  void theBenchsAnswerIsAStateOfTheAskedSize() throws Exception {
    String answer = DrainFrames.stateAnswer(2000);
    ControlFrame frame = new ControlFrameParser(4096).parse(answer);

    assertThat(answer).hasSize(2000);
    assertThat(frame.type()).isEqualTo(ControlFrame.Type.STATE);
    assertThat(frame.pageVersion()).isEqualTo(1L);
    assertThat(DrainFrames.isState(answer)).isTrue();
  }
}
