package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.Balancer;
import dev.handoff.loadtest.cluster.Cluster;
import dev.handoff.loadtest.cluster.Pod;
import dev.handoff.loadtest.cluster.PodStop;
import dev.handoff.loadtest.cluster.RolloutCounters;

/**
 * A cluster whose every pod, once ready, is followed by a {@link PodHandshakes} until it is
 * stopped; the rolling deploy sees the same pods and balancer as without it.
 */
final class WatchedCluster implements Cluster {
  private final Cluster inner;
  private final PodHandshakes handshakes;

  WatchedCluster(Cluster inner, PodHandshakes handshakes) {
    this.inner = inner;
    this.handshakes = handshakes;
  }

  @Override
  public Pod startPod(String name, long version) {
    Pod pod = inner.startPod(name, version);
    handshakes.watch(pod);
    return new Pod() {
      @Override
      public String name() {
        return pod.name();
      }

      @Override
      public long version() {
        return pod.version();
      }

      @Override
      public int proxyPort() {
        return pod.proxyPort();
      }

      @Override
      public int adminPort() {
        return pod.adminPort();
      }

      @Override
      public boolean ready() {
        return pod.ready();
      }

      @Override
      public PodStop stop() {
        PodStop stop = pod.stop();
        handshakes.gone(pod);
        return stop;
      }
    };
  }

  @Override
  public Balancer balancer() {
    return inner.balancer();
  }

  @Override
  public RolloutCounters counters() {
    return inner.counters();
  }

  @Override
  public long waitingSnapshots() {
    return inner.waitingSnapshots();
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public void close() {
    inner.close();
  }
}
