package dev.overtime.worker.edit.observe;

import dev.overtime.common.ErrorCode;
import dev.overtime.worker.edit.client.CallHandle;
import dev.overtime.worker.edit.client.UpstreamResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Observes each OpenAI attempt the runner makes: a span in the job's trace (attempt number, OpenAI's
 * {@code x-request-id}), its duration and outcome, the tokens it billed, a retry it led to. The runner wraps its
 * call in {@link #observe}; nothing here decides anything about the job.
 */
@ApplicationScoped
public class UpstreamAttempts {

    static final String SPAN = "openai images.edit";

    private final EditMetrics metrics;
    private final Tracer tracer;

    public UpstreamAttempts(EditMetrics metrics, Tracer tracer) {
        this.metrics = metrics;
        this.tracer = tracer;
    }

    /** Makes the call of attempt {@code attempt} of a {@code model} edit, recording what it came to. */
    public UpstreamResult observe(String model, int attempt, CallHandle handle, Supplier<UpstreamResult> call) {
        Span span = tracer.spanBuilder(SPAN).setSpanKind(SpanKind.CLIENT)
                .setAttribute("overtime.attempt", attempt)
                .setAttribute("overtime.model", model)
                .startSpan();
        long started = System.nanoTime();
        try (Scope ignored = span.makeCurrent()) {
            UpstreamResult result = call.get();
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            String outcome = outcome(result, handle);
            metrics.upstreamCall(outcome, durationMs);
            if (result instanceof UpstreamResult.Succeeded succeeded) {
                metrics.tokens(model, succeeded.usage());
            }
            describe(span, result, outcome);
            return result;
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.toString());
            throw e;
        } finally {
            span.end();
        }
    }

    /** The attempt failed with {@code code} and was scheduled again. */
    public void retryScheduled(ErrorCode code) {
        metrics.retryScheduled(code);
    }

    private static void describe(Span span, UpstreamResult result, String outcome) {
        span.setAttribute("overtime.outcome", outcome);
        if (result.upstreamRequestId() != null) {
            span.setAttribute("openai.request_id", result.upstreamRequestId());
        }
        if (result.httpStatus() != null) {
            span.setAttribute("http.response.status_code", result.httpStatus());
        }
        if (!"success".equals(outcome)) {
            span.setStatus(StatusCode.ERROR, outcome);
        }
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
