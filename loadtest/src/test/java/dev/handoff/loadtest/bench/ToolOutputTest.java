package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The parsers of wrk, redis-benchmark and jcmd output, on output copied from real runs. */
class ToolOutputTest {
  @Test
  void wrkRequestsAndLatencyPercentiles() {
    String out =
        """
        Running 10s test @ http://127.0.0.1:8080/
          1 threads and 50 connections
          Latency Distribution
             50%  512.00us
             75%    0.90ms
             90%    1.20ms
             99%    3.45ms
          300000 requests in 10.00s, 30.00MB read
        Requests/sec:  30012.34
        Transfer/sec:      3.00MB
        """;
    WrkRun run = WrkRun.parse(out);
    assertThat(run.requestsPerSecond()).isEqualTo(30012.34);
    assertThat(run.p50Millis()).isCloseTo(0.512, within(1e-9));
    assertThat(run.p99Millis()).isEqualTo(3.45);
  }

  @Test
  void redisBenchmarkCsv() {
    String csv = "\"test\",\"rps\",\"avg_latency_ms\"\n\"SET\",\"833333.38\",\"1.000\"\n";
    assertThat(RedisBenchmark.rps(csv)).isEqualTo(833333.38);
  }

  @Test
  void liveHeapIsTheSumOfGenerations() {
    String info =
        """
         def new generation   total 9792K, used 1024K [0x...)
          eden space 8704K,  11% used
         tenured generation   total 21592K, used 15000K [0x...)
          the space 21592K,  69% used
         Metaspace       used 30000K, committed 30500K
        """;
    assertThat(MemoryBench.usedKib(info)).isEqualTo(16024);
  }

  @Test
  void stateAnswerHasTheAskedSizeAndIsAStateFrame() {
    String answer = DrainFrames.stateAnswer(2048);
    assertThat(answer).hasSize(2048);
    assertThat(DrainFrames.isState(answer)).isTrue();
    assertThat(DrainFrames.isDrain(DrainFrames.DRAIN)).isTrue();
  }
}
