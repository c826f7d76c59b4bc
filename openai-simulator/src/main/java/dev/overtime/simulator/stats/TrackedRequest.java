package dev.overtime.simulator.stats;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;

/** Counts one request in flight until it ends, however it ends: answered, failed or abandoned by the client. */
public final class TrackedRequest {

    private final EndpointStats stats;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile Outcome ifAbandoned = Outcome.CANCELLED;

    private TrackedRequest(EndpointStats stats) {
        this.stats = stats;
    }

    public static TrackedRequest start(EndpointStats stats) {
        stats.started();
        return new TrackedRequest(stats);
    }

    /** A hung request is meant to be abandoned by its client; count it as a hang, not as a cancellation. */
    public void countAbandonmentAs(Outcome outcome) {
        this.ifAbandoned = outcome;
    }

    public <T> Uni<T> around(Uni<T> work) {
        return work
                .onItemOrFailure().invoke((item, failure) -> settle(failure == null ? Outcome.OK : Outcomes.of(failure)))
                .onCancellation().invoke(() -> settle(ifAbandoned));
    }

    private void settle(Outcome outcome) {
        if (settled.compareAndSet(false, true)) {
            stats.finished(outcome);
        }
    }
}
