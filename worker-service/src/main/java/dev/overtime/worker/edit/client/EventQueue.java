package dev.overtime.worker.edit.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the items of a {@link Multi} (emitted on an event loop) to one blocking reader, one at a time as they arrive,
 * so the reader can do blocking work per item; the subscription is cancelled when the reader stops early or the
 * {@link CallHandle} aborts the call.
 */
final class EventQueue<T> implements AutoCloseable {

    /** What the reader gets next. */
    sealed interface Signal<T> {
    }

    record Item<T>(T value) implements Signal<T> {
    }

    record Failed<T>(Throwable failure) implements Signal<T> {
    }

    record Ended<T>() implements Signal<T> {
    }

    record Aborted<T>() implements Signal<T> {
    }

    private final BlockingQueue<Signal<T>> signals = new LinkedBlockingQueue<>();
    private final Cancellable subscription;

    EventQueue(Multi<T> source, CallHandle handle) {
        subscription = source.subscribe().with(
                item -> signals.add(new Item<>(item)),
                failure -> signals.add(new Failed<>(failure)),
                () -> signals.add(new Ended<>()));
        CompletableFuture<Void> abort = new CompletableFuture<>();
        abort.whenComplete((ignored, cancelled) -> {
            subscription.cancel();
            signals.add(new Aborted<>());
        });
        handle.attach(abort);
    }

    /** The next signal, or null when none arrived within {@code nanos}. */
    Signal<T> next(long nanos) throws InterruptedException {
        return signals.poll(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        subscription.cancel();
    }
}
