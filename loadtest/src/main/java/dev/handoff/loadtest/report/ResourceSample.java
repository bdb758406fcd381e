package dev.handoff.loadtest.report;

import java.io.File;
import java.lang.management.ManagementFactory;

/**
 * What the run holds after a deploy, to show that nothing grows from deploy to deploy: the load
 * test's own JVM (which hosts the pods too, in the default mode) after a full GC, its open file
 * descriptors, and the snapshots still waiting in the store (all of them should have been taken by
 * their clients).
 *
 * @param heapAfterGcBytes heap in use right after a requested full GC
 * @param openFiles open file descriptors of this process (sockets included); -1 where unknown
 * @param waitingSnapshots snapshot keys left in the store
 */
public record ResourceSample(long heapAfterGcBytes, long openFiles, long waitingSnapshots) {

  public static ResourceSample take(long waitingSnapshots) {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    String[] fds = new File("/proc/self/fd").list();
    return new ResourceSample(heap, fds == null ? -1 : fds.length, waitingSnapshots);
  }

  public static ResourceSample unknown() {
    return new ResourceSample(-1, -1, -1);
  }
}
