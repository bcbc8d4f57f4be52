package io.telegate.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.consumer.ConsumerException;
import io.telegate.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitingRoomTest {

  private final ManualScheduler time = new ManualScheduler();

  /** A holder of {@code capacity} slots; what it admitted is recorded in order. */
  private static final class Slots {
    final int capacity;
    final AtomicInteger used = new AtomicInteger();
    final AtomicInteger maxUsed = new AtomicInteger();
    final ConcurrentLinkedQueue<Integer> admitted = new ConcurrentLinkedQueue<>();

    Slots(int capacity) {
      this.capacity = capacity;
    }

    boolean take(int id) {
      while (true) {
        int u = used.get();
        if (u >= capacity) {
          return false;
        }
        if (used.compareAndSet(u, u + 1)) {
          maxUsed.accumulateAndGet(u + 1, Math::max);
          admitted.add(id);
          return true;
        }
      }
    }
  }

  private static ConsumerException full() {
    return ConsumerException.throttled("full", Duration.ofSeconds(1));
  }

  @Test
  void waitersAreAdmittedInArrivalOrderAsRoomIsMade() {
    Slots slots = new Slots(1);
    WaitingRoom<Integer> room = new WaitingRoom<>(time, Duration.ofSeconds(1), slots::take,
        id -> CompletableFuture.completedFuture(null));
    assertTrue(slots.take(0));
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      waiting.add(room.park(i, WaitingRoomTest::full));
    }
    assertEquals(3, room.size());
    for (int i = 0; i < 3; i++) {
      slots.used.decrementAndGet();
      room.roomMade();
      assertTrue(waiting.get(i).isDone(), "waiter " + (i + 1) + " admitted");
      assertFalse(i < 2 && waiting.get(i + 1).isDone(), "one slot, one waiter");
    }
    assertEquals(List.of(0, 1, 2, 3), List.copyOf(slots.admitted));
    assertTrue(time.pendingDelays().isEmpty(), "the admitted waiters' timeouts are cancelled");
  }

  @Test
  void aWaiterWhoseWaitIsOverIsRefusedAndTheNextOneKeepsItsPlace() {
    Slots slots = new Slots(1);
    WaitingRoom<Integer> room = new WaitingRoom<>(time, Duration.ofSeconds(1), slots::take,
        id -> CompletableFuture.completedFuture(null));
    assertTrue(slots.take(0));
    CompletableFuture<Void> first = room.park(1, WaitingRoomTest::full);
    time.advance(Duration.ofMillis(500));
    CompletableFuture<Void> second = room.park(2, WaitingRoomTest::full);
    time.advance(Duration.ofMillis(500));
    assertTrue(first.isCompletedExceptionally());
    assertFalse(second.isDone());
    slots.used.decrementAndGet();
    room.roomMade();
    assertTrue(second.isDone() && !second.isCompletedExceptionally());
  }

  @Test
  void theAdmittedAnswerIsTheWaitersAndCloseRefusesTheRest() {
    Slots slots = new Slots(1);
    CompletableFuture<Void> downstream = new CompletableFuture<>();
    WaitingRoom<Integer> room = new WaitingRoom<>(time, Duration.ofNanos(-1), slots::take, id -> downstream);
    assertTrue(slots.take(0));
    CompletableFuture<Void> first = room.park(1, WaitingRoomTest::full);
    CompletableFuture<Void> second = room.park(2, WaitingRoomTest::full);
    assertTrue(time.pendingDelays().isEmpty(), "a wait without end sets no timer");
    slots.used.decrementAndGet();
    room.roomMade();
    assertFalse(first.isDone(), "admitted, answered when what it was handed to answers");
    downstream.complete(null);
    assertTrue(first.isDone() && !first.isCompletedExceptionally());
    room.close();
    assertTrue(second.isCompletedExceptionally());
    assertTrue(room.park(3, WaitingRoomTest::full).isCompletedExceptionally(), "closed: refused at once");
  }

  @Test
  void underConcurrentParksAndReleasesEveryWaiterIsAnsweredOnceAndTheBoundHolds() throws Exception {
    Slots slots = new Slots(4);
    WaitingRoom<Integer> room = new WaitingRoom<>(time, Duration.ofNanos(-1), slots::take,
        id -> CompletableFuture.completedFuture(null));
    int threads = 4;
    int each = 2_000;
    List<CompletableFuture<Void>> all = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * each;
      Thread w = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < each; i++) {
          int id = base + i;
          CompletableFuture<Void> f = room.isEmpty() && slots.take(id) ? CompletableFuture.completedFuture(null)
              : room.park(id, WaitingRoomTest::full);
          // Whoever got a slot gives it back once admitted, from this thread or the one that admitted it.
          f.thenRun(() -> {
            slots.used.decrementAndGet();
            room.roomMade();
          });
          all.add(f);
        }
      });
      workers.add(w);
      w.start();
    }
    go.countDown();
    for (Thread w : workers) {
      w.join(TimeUnit.SECONDS.toMillis(30));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertEquals(threads * each, all.size());
    assertEquals(threads * each, slots.admitted.size(), "each admitted exactly once");
    assertEquals(threads * each, slots.admitted.stream().distinct().count());
    assertTrue(slots.maxUsed.get() <= 4, "never more than the capacity held: " + slots.maxUsed.get());
    assertEquals(0, room.size());
  }
}
