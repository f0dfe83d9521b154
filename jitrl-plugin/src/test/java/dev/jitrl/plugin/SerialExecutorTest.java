package dev.jitrl.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

  @Test
  void execute_onAPoolOfFourThreads_runsOneAtATimeInOrder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      SerialExecutor serial = new SerialExecutor(pool);
      List<Integer> order = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger running = new AtomicInteger();
      AtomicInteger mostAtOnce = new AtomicInteger();
      for (int i = 0; i < 500; i++) {
        int n = i;
        serial.execute(() -> {
          mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
          order.add(n);
          running.decrementAndGet();
        });
      }
      assertTrue(serial.closeAndAwait(Duration.ofSeconds(30)));
      assertEquals(IntStream.range(0, 500).boxed().toList(), order);
      assertEquals(1, mostAtOnce.get());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void execute_aTaskFails_laterTasksStillRun() throws Exception {
    SerialExecutor serial = new SerialExecutor(Runnable::run);
    List<String> ran = new ArrayList<>();
    serial.execute(() -> {
      throw new IllegalStateException("disk full");
    });
    serial.execute(() -> ran.add("after"));
    assertTrue(serial.closeAndAwait(Duration.ofSeconds(1)));
    assertEquals(List.of("after"), ran);
  }

  @Test
  void execute_afterClose_rejected() throws Exception {
    SerialExecutor serial = new SerialExecutor(Runnable::run);
    assertTrue(serial.closeAndAwait(Duration.ofSeconds(1)));
    assertThrows(RejectedExecutionException.class, () -> serial.execute(() -> { }));
  }
}
