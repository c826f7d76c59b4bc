package dev.overtime.api.request;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.Problem;
import dev.overtime.api.error.ProblemMappers;
import dev.overtime.common.ErrorCode;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the upload bytes this process takes in at once ({@code overtime.api.uploads.max-in-flight-bytes}). Each
 * multipart request reserves its Content-Length (or the whole body limit when it declares none) before a byte of
 * its body is read, and gives it back when its answer ends. Over the budget it is answered {@code 503 OVERLOADED}
 * with Retry-After and {@code Connection: close}, its body never read: a burst of large uploads costs the refused
 * ones nothing but a header. Once the body is read ({@link #bodyRead}) the request holds only the bytes it sent: a
 * small chunked upload (no Content-Length, as many HTTP clients send multipart) held in {@code Prefer: wait} must not
 * keep the whole body limit reserved for 25 s.
 */
@ApplicationScoped
public class UploadAdmission {

    private static final String RESERVATION = UploadAdmission.class.getName() + ".reservation";

    private final ByteBudget inFlight;
    private final long undeclaredBodyBytes;
    private final HttpEdgeRoutes edge;

    public UploadAdmission(ApiConfig config, HttpEdgeRoutes edge) {
        this.inFlight = new ByteBudget(config.uploads().maxInFlightBytes());
        this.undeclaredBodyBytes = config.uploads().maxRequestBytes();
        this.edge = edge;
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.UPLOAD_ADMISSION).handler(this::admit);
    }

    /** Upload bytes admitted and not yet answered. */
    public long inFlightBytes() {
        return inFlight.held();
    }

    private void admit(RoutingContext ctx) {
        if (!isUpload(ctx)) {
            ctx.next();
            return;
        }
        long bytes = declaredLength(ctx);
        if (!inFlight.reserve(bytes)) {
            Log.infof("Upload refused: %d bytes would pass the in-flight budget of %d (%d held)", bytes,
                    inFlight.capacity(), inFlight.held());
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER,
                    String.valueOf(ProblemMappers.OVERLOADED_RETRY_AFTER_SECONDS));
            edge.send(ctx, Problem.of(ErrorCode.OVERLOADED, "The server is receiving too many uploads right now; "
                    + "nothing was read or stored. Retry shortly.", null, ctx.get(HttpEdgeRoutes.CONTEXT_KEY)));
            return;
        }
        AtomicLong held = new AtomicLong(bytes);
        ctx.put(RESERVATION, held);
        ctx.addEndHandler(ended -> inFlight.release(held.getAndSet(0)));
        ctx.next();
    }

    /**
     * The request's body has been read whole: from now on it holds what it really sent (its spooled parts stay on
     * disk until its answer ends), never more than it reserved.
     */
    public void bodyRead(RoutingContext ctx) {
        AtomicLong held = ctx.get(RESERVATION);
        if (held == null) {
            return;
        }
        long sent = ctx.request().bytesRead();
        for (long before = held.get(); before > sent; before = held.get()) {
            if (held.compareAndSet(before, sent)) {
                inFlight.release(before - sent);
                return;
            }
        }
    }

    static boolean isUpload(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return ctx.request().method() == HttpMethod.POST && type != null
                && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
    }

    private long declaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return undeclaredBodyBytes;
        }
        try {
            return Math.max(0, Long.parseLong(length.trim()));
        } catch (NumberFormatException e) {
            return undeclaredBodyBytes;
        }
    }
}
