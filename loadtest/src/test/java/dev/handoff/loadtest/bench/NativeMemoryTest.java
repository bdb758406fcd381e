package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
  /** Abridged from jcmd VM.native_memory summary of a sidecar (JDK 17). */
  private static final String SUMMARY =
      """
      Native Memory Tracking:

      Total: reserved=1574951KB, committed=68323KB
             malloc: 12740KB #96531
             mmap:   reserved=1562212KB, committed=55584KB

      -                 Java Heap (reserved=368640KB, committed=17176KB)
                                  (mmap: reserved=368640KB, committed=17176KB)

      -                     Class (reserved=1049025KB, committed=3073KB)
                                  (classes #4469)

      -                    Symbol (reserved=6006KB, committed=6006KB)

      -        Shared class space (reserved=16384KB, committed=12060KB)

      -                 Metaspace (reserved=65615KB, committed=17935KB)

      -           Object Monitors (reserved=2KB, committed=2KB)
      """;

  @Test
  void readsCommittedKibPerCategoryLargestFirst() {
    Map<String, Long> nmt = NativeMemory.parse(SUMMARY);
    assertThat(nmt)
        .containsExactly(
            Map.entry("Total", 68323L),
            Map.entry("Metaspace", 17935L),
            Map.entry("Java Heap", 17176L),
            Map.entry("Shared class space", 12060L),
            Map.entry("Symbol", 6006L),
            Map.entry("Class", 3073L),
            Map.entry("Object Monitors", 2L));
  }

  @Test
  void tableLeavesOutCategoriesUnderATenthOfAMebibyte() {
    String table = NativeMemory.table(NativeMemory.parse(SUMMARY));
    assertThat(table).contains("| Metaspace | 17.5 |").doesNotContain("Object Monitors");
  }
}
