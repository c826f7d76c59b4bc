package dev.overtime.worker.edit.observe;

import dev.overtime.common.ErrorCode;
import dev.overtime.worker.edit.client.CallHandle;
import dev.overtime.worker.edit.client.UpstreamResult;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Observes each OpenAI attempt the runner makes: its duration and outcome, the tokens it billed, a retry it led
 * to. The runner wraps its call in {@link #observe}; nothing here decides anything about the job.
 */
@ApplicationScoped
public class UpstreamAttempts {

    private final EditMetrics metrics;

    public UpstreamAttempts(EditMetrics metrics) {
        this.metrics = metrics;
    }

    /** Makes the call of attempt {@code attempt} of a {@code model} edit, recording what it came to. */
    public UpstreamResult observe(String model, int attempt, CallHandle handle, Supplier<UpstreamResult> call) {
        long started = System.nanoTime();
        UpstreamResult result = call.get();
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        metrics.upstreamCall(outcome(result, handle), durationMs);
        if (result instanceof UpstreamResult.Succeeded succeeded) {
            metrics.tokens(model, succeeded.usage());
        }
        return result;
    }

    /** The attempt failed with {@code code} and was scheduled again. */
    public void retryScheduled(ErrorCode code) {
        metrics.retryScheduled(code);
    }

    private static String outcome(UpstreamResult result, CallHandle handle) {
        if (handle.isAborted()) {
            return "aborted";
        }
        if (result instanceof UpstreamResult.Failed failed) {
            return failed.kind() == UpstreamResult.FailureKind.TIMEOUT ? "timeout" : "error";
        }
        return "success";
    }
}
