package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer's process tree, sampled from /proc with real child processes. */
class ProcSamplerTreeTest {

  @TempDir
  Path dir;

  private static long ownRss(long pid) throws Exception {
    return ProcSampler.rssKib(Files.readString(Path.of("/proc/" + pid + "/status")));
  }

  private static long ownTicks(long pid) throws Exception {
    return ProcSampler.cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
  }

  private static void awaitChildren(Process p, int n) throws InterruptedException {
    Await.until(n + " children of " + p.pid(), Duration.ofSeconds(60), () -> p.descendants().count() == n);
    assertEquals(n, p.descendants().count(), "children of " + p.pid());
  }

  @Test
  void theTreeCountsEveryDescendantsMemory() throws Exception {
    // A shell, a child shell, and its child: two levels below the root.
    Process p = new ProcessBuilder("bash", "-c", "bash -c 'sleep 600 & wait' & sleep 600 & wait").start();
    try {
      awaitChildren(p, 3);
      long[] tree = ProcSampler.treeTicksAndRss(p.pid());
      assertEquals(4, tree[2], "root and three descendants");
      long sum = ownRss(p.pid());
      for (ProcessHandle c : p.descendants().toList()) {
        sum += ownRss(c.pid());
      }
      assertEquals(sum, tree[1], 512, "RSS summed over the tree, KiB (pages may come and go between reads)");
      assertTrue(tree[1] > ownRss(p.pid()), tree[1] + " KiB");
    } finally {
      PeerCommand.stopTree(p, Duration.ofSeconds(30));
    }
  }

  @Test
  void theCpuOfAChildThatEndedStaysInTheTree() throws Exception {
    // The child burns CPU and ends; the shell waits for it (its time moves to the shell's cutime),
    // then sleeps. The shell itself uses next to nothing.
    Path marker = dir.resolve("child-done");
    Process p = new ProcessBuilder("bash", "-c",
        "(i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done); touch " + marker + "; sleep 600; true").start();
    try {
      Await.until("the busy child finished", Duration.ofSeconds(120), () -> Files.exists(marker));
      assertTrue(Files.exists(marker), "the busy child finished");
      awaitChildren(p, 1); // sleep
      long[] tree = ProcSampler.treeTicksAndRss(p.pid());
      long own = ownTicks(p.pid());
      // 300,000 shell loop iterations are far more than 0.1 s of CPU on any machine.
      assertTrue(tree[0] - own >= ProcSampler.TICKS / 10,
          "tree " + tree[0] + " ticks, the shell alone " + own);
      try (ProcSampler s = ProcSampler.tree(p.pid())) {
        Await.until("two samples of the tree", Duration.ofSeconds(120), () -> s.samples() >= 2);
        assertEquals(2, s.maxProcesses());
      }
    } finally {
      PeerCommand.stopTree(p, Duration.ofSeconds(30));
    }
  }
}
