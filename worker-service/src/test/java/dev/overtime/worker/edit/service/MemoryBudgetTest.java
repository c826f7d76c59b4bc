package dev.overtime.worker.edit.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import dev.overtime.common.Metric;
import dev.overtime.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryBudgetTest {

    private static final long MB = 1024 * 1024;

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final MemoryBudget budget = new MemoryBudget(config(100 * MB), metrics);

    @Test
    void anEditThatDoesNotFitWaitsUntilRoomIsGivenBack() {
        MemoryBudget.Reservation first = budget.reserve(70 * MB, () -> false).orElseThrow();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Optional<MemoryBudget.Reservation>> second = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            return budget.reserve(40 * MB, () -> false);
        });

        await().until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);
        assertFalse(second.isDone());
        assertEquals(70 * MB, budget.used());
        assertEquals(70.0 * MB, metrics.get(Metric.WORKER_MEMORY_BUDGET_USED.meterName()).gauge().value());

        first.close();

        assertEquals(40 * MB, second.join().orElseThrow().bytes());
        assertEquals(40 * MB, budget.used());
    }

    @Test
    void aReservationIsResizedToTheEditChosenGrowingOnlyIntoFreeRoom() {
        MemoryBudget.Reservation other = budget.reserve(60 * MB, () -> false).orElseThrow();
        // The fair claim reserves nothing, then sizes the reservation to the edit it picked.
        MemoryBudget.Reservation held = budget.reserve(0, () -> false).orElseThrow();

        assertTrue(held.resizeTo(30 * MB));
        assertEquals(90 * MB, budget.used());
        assertFalse(held.resizeTo(50 * MB), "20 MB more does not fit beside the other edit's 60 MB");
        assertEquals(30 * MB, held.bytes(), "a refused resize changes nothing");
        assertTrue(held.resizeTo(10 * MB), "shrinking always succeeds");
        assertEquals(70 * MB, budget.used());

        other.close();
        held.close();
        assertEquals(0, budget.used());
        assertFalse(held.resizeTo(MB), "a closed reservation holds nothing again");
        assertEquals(0, budget.used());
    }

    @Test
    void aWaitingEditGivesUpWhenTheWorkerDrainsAndHoldsNothing() {
        MemoryBudget.Reservation held = budget.reserve(100 * MB, () -> false).orElseThrow();
        AtomicBoolean draining = new AtomicBoolean();
        CompletableFuture<Optional<MemoryBudget.Reservation>> waiting =
                CompletableFuture.supplyAsync(() -> budget.reserve(MB, draining::get));

        draining.set(true);

        assertTrue(waiting.join().isEmpty());
        held.close();
        held.close();
        assertEquals(0, budget.used(), "closing twice gives back once");
    }

    @Test
    void aWaitIsBoundedSoTheRecordIsNeverHeldForLong() {
        MemoryBudget.Reservation held = budget.reserve(100 * MB, () -> false).orElseThrow();

        long started = System.nanoTime();
        Optional<MemoryBudget.Reservation> none = budget.reserve(MB, () -> false, java.time.Duration.ofMillis(300));

        assertTrue(none.isEmpty(), "no room came: the edit is left queued");
        assertTrue(System.nanoTime() - started >= 300_000_000L, "it waited its bound first");
        assertEquals(100 * MB, budget.used());
        held.close();
    }

    @Test
    void anEditLargerThanTheWholeBudgetRunsAlone() {
        MemoryBudget.Reservation huge = budget.reserve(500 * MB, () -> false).orElseThrow();

        assertEquals(100 * MB, huge.bytes());
        assertTrue(budget.reserve(1, () -> true).isEmpty(), "nothing else fits beside it");
        huge.close();
        assertTrue(budget.reserve(1, () -> true).isPresent());
    }

    @Test
    void expectedOutputsCountFourBytesAPixelForPngAndOneOtherwise() {
        assertEquals(1024L * 1024 * 4, EditCosts.expectedOutputBytes("1024x1024", "png"));
        assertEquals(1536L * 1024 * 4, EditCosts.expectedOutputBytes("auto", null));
        assertEquals(1024L * 1536, EditCosts.expectedOutputBytes("1024x1536", "jpeg"));
    }

    @Test
    void variantsCountTheDecodedOutputAndEachDrawnCopyNeverLargerThanTheOutput() {
        assertEquals(0, EditCosts.variantBytes("1024x1024", null));
        assertEquals(1024L * 1024 * 4 + 256L * 256 * 4 + 1024L * 1024 * 4,
                EditCosts.variantBytes("1024x1024", "256.png,4096.jpg"));
    }

    // Only memoryBudget() is read by MemoryBudget.
    private static WorkerConfig config(long bytes) {
        return (WorkerConfig) Proxy.newProxyInstance(WorkerConfig.class.getClassLoader(),
                new Class<?>[] {WorkerConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("memoryBudget")) {
                        return Optional.of(new MemorySize(BigInteger.valueOf(bytes)));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
