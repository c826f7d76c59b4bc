package dev.overtime.api.upstream;

import dev.overtime.api.metrics.UpstreamMetrics;
import dev.overtime.api.request.CurrentDeadline;
import dev.overtime.api.request.CurrentRequestId;
import dev.overtime.api.request.DeadlineExceededException;
import dev.overtime.common.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * What every client bean does around its upstream call: times it, and turns a failure into a
 * logged incident and either a fallback (degraded) or the envelope's exception.
 */
@ApplicationScoped
public class UpstreamGuard {

    private final UpstreamContext context;
    private final CurrentDeadline deadline;
    private final CurrentRequestId requestId;
    private final UpstreamMetrics metrics;

    public UpstreamGuard(UpstreamContext context, CurrentDeadline deadline, CurrentRequestId requestId,
                         UpstreamMetrics metrics) {
        this.context = context;
        this.deadline = deadline;
        this.requestId = requestId;
        this.metrics = metrics;
    }

    /** Before each attempt: no new upstream call once the request's deadline has gone. */
    public void attempt(UpstreamCall call) {
        deadline.get().ensureRunning();
        context.attemptStarted(call.upstream());
    }

    public void succeeded(UpstreamCall call) {
        metrics.called(call.upstream(), UpstreamMetrics.Outcome.SUCCESS, context.finished(call.upstream()));
    }

    /** A fallback stands in: logs {@code fallback_used} and marks the answer degraded. */
    public void fallbackUsed(UpstreamCall call, Throwable cause) {
        abandonIfDeadlinePassed();
        Incident incident = Incident.of(cause);
        UpstreamIncidents.record(UpstreamIncidents.FALLBACK_USED, call, incident.status(),
                ended(call, incident), incident.event(), requestId.get());
        context.degraded(call.upstream());
    }

    /** Nothing can stand in: logs the incident and returns the exception that answers the envelope. */
    public RuntimeException failed(UpstreamCall call, Throwable cause) {
        abandonIfDeadlinePassed();
        Incident incident = Incident.of(cause);
        long timeoutMs = call.timeoutMs();
        UpstreamIncidents.record(incident.event(), call, incident.status(), ended(call, incident), null,
                requestId.get());
        String message = switch (incident.code()) {
            case UPSTREAM_TIMEOUT -> "The " + call.upstream() + " service did not answer within " + timeoutMs + " ms.";
            case UPSTREAM_UNAVAILABLE -> "The " + call.upstream() + " service is failing; calls to it are paused.";
            default -> "The " + call.upstream() + " service failed"
                    + (incident.status() == null ? "." : " with HTTP " + incident.status() + ".");
        };
        return new UpstreamException(incident.code(), message, call.upstream(), timeoutMs);
    }

    // The call's duration, recorded unless the circuit was open (then no request was made at all).
    private long ended(UpstreamCall call, Incident incident) {
        long durationMs = context.finished(call.upstream());
        if (!UpstreamIncidents.CIRCUIT_OPEN.equals(incident.event())) {
            metrics.called(call.upstream(), UpstreamIncidents.UPSTREAM_TIMEOUT.equals(incident.event())
                    ? UpstreamMetrics.Outcome.TIMEOUT : UpstreamMetrics.Outcome.ERROR, durationMs);
        }
        return durationMs;
    }

    // When the deadline's timer interrupted the call, the request has already been answered:
    // neither a fallback nor another envelope may follow, the work just stops.
    private void abandonIfDeadlinePassed() {
        if (deadline.get().expired()) {
            throw new DeadlineExceededException(deadline.get().deadlineMs());
        }
    }

    private record Incident(String event, ErrorCode code, Integer status) {

        static Incident of(Throwable cause) {
            if (cause instanceof TimeoutException) {
                return new Incident(UpstreamIncidents.UPSTREAM_TIMEOUT, ErrorCode.UPSTREAM_TIMEOUT, null);
            }
            if (cause instanceof CircuitBreakerOpenException) {
                return new Incident(UpstreamIncidents.CIRCUIT_OPEN, ErrorCode.UPSTREAM_UNAVAILABLE, null);
            }
            if (cause instanceof WebApplicationException http) {
                return new Incident(UpstreamIncidents.UPSTREAM_HTTP_ERROR, ErrorCode.UPSTREAM_ERROR,
                        http.getResponse().getStatus());
            }
            if (cause instanceof ProcessingException) {
                return new Incident(UpstreamIncidents.UPSTREAM_CONNECT_ERROR, ErrorCode.UPSTREAM_ERROR, null);
            }
            return new Incident(UpstreamIncidents.UPSTREAM_HTTP_ERROR, ErrorCode.UPSTREAM_ERROR, null);
        }
    }
}
