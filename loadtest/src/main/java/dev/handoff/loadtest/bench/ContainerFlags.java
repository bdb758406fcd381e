package dev.handoff.loadtest.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM flags of the sidecar as deployed, so child JVMs run as the container would:
 * sidecar/Dockerfile's JAVA_TOOL_OPTIONS, which the operator injects unchanged
 * (OperatorSettings.DEFAULT_JAVA_OPTIONS).
 */
final class ContainerFlags {
  /**
   * The image's flags less its class-data archive, whose path exists only in the image (see {@link
   * #withArchive}).
   */
  static final List<String> IMAGE =
      List.of(
          "-XX:+UseSerialGC",
          "-Xss512k",
          "-XX:MaxRAMPercentage=70",
          "-XX:InitialRAMPercentage=30",
          "-Xmn4m",
          "-XX:+ExitOnOutOfMemoryError",
          "-XX:TrimNativeHeapInterval=5000",
          "-XX:-UsePerfData",
          "-XX:CICompilerCount=2");

  /**
   * The image's environment beyond the sidecar's settings (sidecar/Dockerfile's ENV): at most two
   * glibc malloc arenas. The JVM's threads (JIT compilers above all) would otherwise each take an
   * arena of their own, up to 8 per core, whose freed memory stays in RSS.
   */
  static final Map<String, String> IMAGE_ENV = Map.of("MALLOC_ARENA_MAX", "2");

  /**
   * The default container memory limit (512Mi), as the JVM would see it: it sizes the heap from the
   * cgroup limit (MaxRAMPercentage, and 1/64 of it as the initial heap). A benchmark on a host with
   * gigabytes would otherwise start with a far larger heap than any pod.
   */
  static final String DEFAULT_LIMIT = "-XX:MaxRAM=512m";

  static final List<String> SIDECAR = with(IMAGE, DEFAULT_LIMIT);

  /** Where the image keeps its class-data archive (built by the Dockerfile's RUN step). */
  static final String IMAGE_ARCHIVE = "/opt/handoff/app.jsa";

  /**
   * The flags inside the image (its JAVA_TOOL_OPTIONS): no MaxRAM there, the pod's cgroup limit
   * sizes the heap.
   */
  static final List<String> IN_IMAGE = with(IMAGE, "-XX:SharedArchiveFile=" + IMAGE_ARCHIVE);

  private ContainerFlags() {}

  /**
   * The container's flags with the image's class-data archive (built as the Dockerfile builds it).
   */
  static List<String> withArchive(Path archive) {
    return with(SIDECAR, "-XX:SharedArchiveFile=" + archive);
  }

  /**
   * The container's flags with a fixed heap: at 96 MiB a sidecar holding about 3,000 proxied
   * sockets ran out of heap (OutOfMemoryError during the 5,000-socket drain run), so the drain and
   * memory benchmarks set the heap they need to reach 10,000 sockets, as a pod would by raising its
   * memory limit.
   */
  static List<String> withHeap(String xmx) {
    return with(SIDECAR, "-Xmx" + xmx);
  }

  static List<String> with(List<String> flags, String... more) {
    List<String> all = new ArrayList<>(flags);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }

  /** {@code flags} without those starting with any of {@code prefixes}. */
  static List<String> without(List<String> flags, String... prefixes) {
    return flags.stream().filter(f -> List.of(prefixes).stream().noneMatch(f::startsWith)).toList();
  }
}
