package io.telegate.core.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.consumer.ConsumerException;
import io.telegate.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Per-lane order, partial resends and giving up, with requests answered by the test: the one
 * ordered-delivery mechanism that remote write (by series) and Loki (by stream) use.
 */
class OrderedLanesTest {

  private final ManualScheduler timer = new ManualScheduler();
  /** Requests posted, in order, with the future the test completes. */
  private final List<String> posted = new ArrayList<>();
  private final Map<String, CompletableFuture<Void>> calls = new ConcurrentHashMap<>();
  private final List<Integer> dropped = new ArrayList<>();

  private OrderedLanes<String> lanes(int n) {
    return new OrderedLanes<>(n, s -> {
      CompletableFuture<Void> f = new CompletableFuture<>();
      synchronized (posted) {
        posted.add(s);
      }
      calls.put(s, f);
      return f;
    }, timer, Duration.ofSeconds(60), true, (parts, cause) -> dropped.add(parts.size()));
  }

  private static java.util.function.Supplier<List<List<String>>> batch(String... perLane) {
    List<List<String>> out = new ArrayList<>();
    for (String s : perLane) {
      out.add(s == null ? List.of() : List.of(s));
    }
    return () -> out;
  }

  private static java.util.function.Supplier<List<List<String>>> notPlannedAgain() {
    return () -> {
      throw new AssertionError("a known batch is resumed, not planned again");
    };
  }

  @Test
  void lanesSendInParallelButEachLaneOneRequestAtATimeInOrder() {
    OrderedLanes<String> l = lanes(2);
    CompletableFuture<Void> first = l.submit("b1", batch("b1-lane0", "b1-lane1"));
    CompletableFuture<Void> second = l.submit("b2", batch("b2-lane0", "b2-lane1"));
    assertEquals(List.of("b1-lane0", "b1-lane1"), posted, "both lanes busy, b2 waits behind b1");
    calls.get("b1-lane0").complete(null);
    assertEquals(List.of("b1-lane0", "b1-lane1", "b2-lane0"), posted);
    assertFalse(first.isDone(), "b1 is done only when all its shards are");
    calls.get("b1-lane1").complete(null);
    assertTrue(first.isDone());
    calls.get("b2-lane0").complete(null);
    calls.get("b2-lane1").complete(null);
    assertTrue(second.isDone() && !second.isCompletedExceptionally());
  }

  @Test
  void aFailedShardHoldsItsLaneAndOnlyItIsResent() {
    OrderedLanes<String> l = lanes(2);
    CompletableFuture<Void> first = l.submit("b1", batch("b1-lane0", "b1-lane1"));
    l.submit("b2", batch("b2-lane0", null));
    calls.get("b1-lane1").complete(null);
    calls.get("b1-lane0").completeExceptionally(ConsumerException.retryable("503"));
    assertTrue(first.isCompletedExceptionally(), "the helper learns of the failure and will retry");
    assertEquals(List.of("b1-lane0", "b1-lane1"), posted, "b2 does not overtake the failed b1 on lane 0");

    CompletableFuture<Void> retry = l.submit("b1", notPlannedAgain());
    assertEquals(List.of("b1-lane0", "b1-lane1", "b1-lane0"), posted, "only the failed shard is sent again");
    calls.get("b1-lane0").complete(null);
    assertTrue(retry.isDone() && !retry.isCompletedExceptionally());
    assertEquals("b2-lane0", posted.get(posted.size() - 1), "then the lane moves on");
  }

  @Test
  void aPermanentFailureDropsTheShardAndTheLaneMovesOn() {
    OrderedLanes<String> l = lanes(1);
    CompletableFuture<Void> first = l.submit("b1", batch("b1"));
    l.submit("b2", batch("b2"));
    calls.get("b1").completeExceptionally(ConsumerException.permanent("400"));
    assertTrue(ConsumerException.from(first.handle((v, t) -> t).join()).isPermanent());
    assertEquals(List.of("b1", "b2"), posted);
    assertEquals(List.of(1), dropped);
  }

  @Test
  void aShardNobodyResendsIsDroppedAfterTheWait() {
    OrderedLanes<String> l = lanes(1);
    l.submit("b1", batch("b1"));
    l.submit("b2", batch("b2"));
    calls.get("b1").completeExceptionally(ConsumerException.retryable("503"));
    timer.advance(Duration.ofSeconds(59));
    assertEquals(List.of("b1"), posted);
    timer.advance(Duration.ofSeconds(1));
    assertEquals(List.of("b1", "b2"), posted);
    assertEquals(List.of(1), dropped);
  }

  @Test
  void anEmptyBatchCompletesAtOnce() {
    assertTrue(lanes(3).submit("b", batch(null, null, null)).isDone());
  }

  @Test
  void aLaneOfPartsThatAreAnsweredAtOnceDoesNotOverflowTheStack() {
    int[] sent = {0};
    OrderedLanes<Integer> l = new OrderedLanes<>(1, i -> {
      sent[0]++;
      return CompletableFuture.completedFuture(null);
    }, timer, Duration.ofSeconds(60), true, (parts, cause) -> { });
    List<Integer> parts = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      parts.add(i);
    }
    assertTrue(l.submit("b", () -> List.of(parts)).isDone());
    assertEquals(100_000, sent[0]);
  }

  @Test
  void aPlanThatFailsFailsTheRequestPermanentlyAndLeavesNothingBehind() {
    OrderedLanes<String> l = lanes(2);
    CompletableFuture<Void> f = l.submit("b", () -> {
      throw new IllegalStateException("cannot translate");
    });
    ConsumerException e = ConsumerException.from(f.handle((v, t) -> t).join());
    assertTrue(e.isPermanent() && e.getMessage().contains("cannot translate"), e.getMessage());
    assertTrue(l.submit("b", batch("again", null)).isDone() || posted.contains("again"), "planned anew");
  }

  @Test
  void theSameKeyAlwaysMapsToTheSameLane() {
    OrderedLanes<String> l = lanes(7);
    assertEquals(l.laneOf("{job=\"a\"}"), l.laneOf("{job=\"a\"}"));
    assertTrue(l.laneOf("x") >= 0 && l.laneOf("x") < 7);
  }

  @Test
  void aRequestDeliveredAfterItsAttemptTimedOutIsNotSentAgainOnTheRetry() {
    OrderedLanes<String> l = lanes(2);
    CompletableFuture<Void> attempt = l.submit("b1", batch("b1-lane0", "b1-lane1"));
    // The helper's per-attempt timeout fires while both parts are still being sent.
    attempt.completeExceptionally(ConsumerException.retryable("send timed out after PT5S"));
    calls.get("b1-lane0").complete(null);
    calls.get("b1-lane1").complete(null);
    CompletableFuture<Void> retry = l.submit("b1", notPlannedAgain());
    assertTrue(retry.isDone() && !retry.isCompletedExceptionally(), "the retry learns it was delivered");
    assertEquals(List.of("b1-lane0", "b1-lane1"), posted, "and nothing is posted twice");
  }

  @Test
  void aSettledRequestNobodyComesBackForIsForgottenAfterTheWait() {
    OrderedLanes<String> l = lanes(1);
    CompletableFuture<Void> attempt = l.submit("b1", batch("b1"));
    attempt.completeExceptionally(ConsumerException.retryable("timed out"));
    calls.get("b1").complete(null);
    timer.advance(Duration.ofSeconds(60));
    assertTrue(l.submit("b1", batch("b1-again")).isDone() || posted.contains("b1-again"),
        "forgotten: a request under the same key later is a new one");
    assertEquals(List.of("b1", "b1-again"), posted);
  }

  @Test
  void closeFailsWhatIsQueued() {
    OrderedLanes<String> l = lanes(1);
    l.submit("b1", batch("b1"));
    CompletableFuture<Void> second = l.submit("b2", batch("b2"));
    l.close();
    assertTrue(second.isCompletedExceptionally());
  }
}
