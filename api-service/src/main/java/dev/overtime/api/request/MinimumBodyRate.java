package dev.overtime.api.request;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.Problem;
import dev.overtime.common.ErrorCode;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request body must keep arriving: at least {@code overtime.api.limits.http.min-body-bytes-per-second}, measured over
 * each {@code body-rate-window}. A body that trickles slower is answered {@code 408 REQUEST_TIMEOUT} and its
 * connection closed, so a slow sender holds neither a connection nor its upload budget for long.
 */
@ApplicationScoped
public class MinimumBodyRate {

    private final Vertx vertx;
    private final HttpEdgeRoutes edge;
    private final long windowMs;
    private final long minBytesPerWindow;
    private final AtomicInteger refused = new AtomicInteger();

    public MinimumBodyRate(Vertx vertx, HttpEdgeRoutes edge, ApiConfig config) {
        this.vertx = vertx;
        this.edge = edge;
        this.windowMs = config.limits().http().bodyRateWindow().toMillis();
        this.minBytesPerWindow = config.limits().http().minBodyBytesPerSecond() * windowMs / 1000;
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.BODY_RATE).handler(this::watch);
    }

    /** Requests refused for a body too slow, since start. */
    public int refused() {
        return refused.get();
    }

    private void watch(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (UnreadBodies.stillArriving(ctx) && minBytesPerWindow > 0) {
            long[] lastRead = {0};
            long timer = vertx.setPeriodic(windowMs, id -> {
                if (!UnreadBodies.stillArriving(ctx) || ctx.response().ended() || ctx.response().closed()) {
                    vertx.cancelTimer(id);
                    return;
                }
                long read = request.bytesRead();
                if (read - lastRead[0] < minBytesPerWindow) {
                    vertx.cancelTimer(id);
                    tooSlow(ctx, read - lastRead[0]);
                }
                lastRead[0] = read;
            });
            ctx.addEndHandler(ended -> vertx.cancelTimer(timer));
        }
        ctx.next();
    }

    private void tooSlow(RoutingContext ctx, long bytesInWindow) {
        refused.incrementAndGet();
        Log.infof("Request body too slow: %d bytes in the last %d ms (at least %d expected) on %s", bytesInWindow,
                windowMs, minBytesPerWindow, ctx.request().path());
        if (ctx.response().headWritten()) {
            ctx.request().connection().close();
            return;
        }
        edge.sendAndClose(ctx, Problem.of(ErrorCode.REQUEST_TIMEOUT, "The request body arrived too slowly (under "
                + minBytesPerWindow * 1000 / windowMs + " bytes a second); nothing was stored.", null,
                ctx.get(HttpEdgeRoutes.CONTEXT_KEY)));
    }
}
