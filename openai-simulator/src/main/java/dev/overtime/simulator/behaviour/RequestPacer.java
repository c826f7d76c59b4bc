package dev.overtime.simulator.behaviour;

import dev.overtime.simulator.config.SimulatorConfig;
import dev.overtime.simulator.error.Errors;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Holds a request for its latency (or its hang) on a timer, never on a parked thread, so hundreds
 * of slow requests cost only memory.
 */
@ApplicationScoped
public class RequestPacer {

    private final Duration hangDuration;

    public RequestPacer(SimulatorConfig config) {
        this.hangDuration = config.hangDuration();
    }

    /** Faults OpenAI answers at once, before doing any work. */
    public void failFast(Optional<Fault> fault, String model) {
        if (fault.isEmpty()) {
            return;
        }
        switch (fault.get()) {
            case RATE_LIMIT -> throw Errors.rateLimited(model, 1000 + (long) (Math.random() * 9000));
            case INSUFFICIENT_QUOTA -> throw Errors.insufficientQuota();
            default -> {
            }
        }
    }

    /**
     * Completes once the latency drawn for this request has passed since it arrived, or fails when
     * a hang or server error was drawn.
     */
    public Uni<Void> hold(Latency latency, Optional<Fault> fault, long arrivedNanos) {
        if (fault.filter(f -> f == Fault.HANG).isPresent()) {
            return delay(hangDuration).onItem().failWith(Errors::hungTooLong);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - arrivedNanos);
        Uni<Void> waited = delay(latency.sample().minus(elapsed));
        if (fault.filter(f -> f == Fault.SERVER_ERROR).isPresent()) {
            return waited.onItem().failWith(Errors::serverError);
        }
        return waited;
    }

    private static Uni<Void> delay(Duration duration) {
        Uni<Void> now = Uni.createFrom().voidItem();
        return duration.isNegative() || duration.isZero() ? now : now.onItem().delayIt().by(duration);
    }
}
