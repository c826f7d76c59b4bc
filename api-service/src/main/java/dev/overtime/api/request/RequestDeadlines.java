package dev.overtime.api.request;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.Problem;
import dev.overtime.common.ErrorCode;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enforces {@code overtime.api.request-deadline} at the HTTP edge: a Vert.x timer per request
 * answers {@code DEADLINE_EXCEEDED} if nothing else has, and cancels the work behind it.
 * Operational endpoints under {@code /q/} are exempt.
 */
@ApplicationScoped
public class RequestDeadlines {

    static final String CONTEXT_KEY = "overtime.deadline";

    private final Vertx vertx;
    private final HttpEdgeRoutes edge;
    private final long deadlineMs;
    private final long marginMs;
    private final AtomicInteger attachedWork = new AtomicInteger();

    public RequestDeadlines(Vertx vertx, HttpEdgeRoutes edge, ApiConfig config) {
        this.vertx = vertx;
        this.edge = edge;
        this.deadlineMs = config.requestDeadline().toMillis();
        this.marginMs = config.requestDeadlineMargin().toMillis();
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.DEADLINE).handler(this::start);
    }

    /** Requests whose work is still running on a thread; cancelled work leaves this count at once. */
    public int workInProgress() {
        return attachedWork.get();
    }

    /** The calling (worker) thread now does this request's work: expiry interrupts it. */
    void attach(RequestDeadline deadline) {
        deadline.attach(Thread.currentThread());
        attachedWork.incrementAndGet();
    }

    /** The calling thread is done with this request's work and may serve another. */
    void detach(RequestDeadline deadline) {
        deadline.detach();
        attachedWork.decrementAndGet();
        // An expiry that raced with the end of the work must not hit the next task on this thread.
        Thread.interrupted();
    }

    private void start(RoutingContext ctx) {
        if (ctx.request().path().startsWith("/q/")) {
            ctx.next();
            return;
        }
        RequestDeadline deadline = new RequestDeadline(deadlineMs, marginMs);
        ctx.put(CONTEXT_KEY, deadline);
        long timer = vertx.setTimer(deadlineMs, ignored -> expire(ctx, deadline));
        ctx.addEndHandler(ignored -> vertx.cancelTimer(timer));
        ctx.next();
    }

    private void expire(RoutingContext ctx, RequestDeadline deadline) {
        if (ctx.response().ended() || ctx.response().headWritten() || !deadline.expire()) {
            return;
        }
        String requestId = ctx.get(HttpEdgeRoutes.CONTEXT_KEY);
        MDC.put(RequestIds.MDC_KEY, requestId);
        MDC.put("event", "request_deadline_exceeded");
        MDC.put("route", ctx.request().path());
        MDC.put("method", ctx.request().method().name());
        MDC.put("timeoutMs", deadlineMs);
        MDC.put("durationMs", deadline.elapsedMs());
        try {
            Log.warn("request_deadline_exceeded");
        } finally {
            for (String key : new String[]{"event", "route", "method", "timeoutMs", "durationMs", RequestIds.MDC_KEY}) {
                MDC.remove(key);
            }
        }
        // An upload still arriving is not read on: the edge closes the connection behind this answer.
        edge.send(ctx, Problem.degraded(ErrorCode.DEADLINE_EXCEEDED,
                new DeadlineExceededException(deadlineMs).getMessage(), requestId, null, deadlineMs));
    }
}
