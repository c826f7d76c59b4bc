package dev.overtime.api.request;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * What happens to a request body nobody wants: whoever answers before it is all in (a refusal at the edge, the
 * deadline, a body too slow) answers with {@code Connection: close}, and the connection closes behind the answer, so
 * Vert.x does not read on (megabytes perhaps) and hold the connection meanwhile. On HTTP/2 just the stream is reset.
 */
// Closing with unread bytes makes the kernel reset the connection, and a client still writing a small body would see
// that reset instead of the answer: a body whose rest is small is read and dropped first (RFC 9112, 9.6), for a few
// seconds at most.
@ApplicationScoped
public class UnreadBodies {

    private static final String RECEIVED = "overtime.bodyReceived";
    private static final String CLOSE_AT_ONCE = "overtime.closeAtOnce";
    /** The most of an unwanted body read (and dropped) so that its client sees the answer: a form without files. */
    private static final long DRAINED_BYTES = 256 * 1024;
    private static final Duration DRAIN_TIME = Duration.ofSeconds(2);

    private final Vertx vertx;

    public UnreadBodies(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * The request declared a body and it has not all arrived. Neither isEnded() (false while a request is paused, as
     * Quarkus keeps every request until someone reads it, and as readers leave it) nor bytesRead (a chunked body has
     * no length to compare with) says so; the end of the request, noted as it happens, does.
     */
    public static boolean stillArriving(RoutingContext ctx) {
        return declaresBody(ctx.request()) && !Boolean.TRUE.equals(ctx.get(RECEIVED));
    }

    /** Called first for every request: notes its body's end, and sees to an unread one once the answer is out. */
    void watch(RoutingContext ctx) {
        if (declaresBody(ctx.request())) {
            ctx.request().end().onSuccess(received -> ctx.put(RECEIVED, Boolean.TRUE));
        }
        ctx.addHeadersEndHandler(v -> {
            if (stillArriving(ctx) && ctx.request().version() != HttpVersion.HTTP_2) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
        });
        ctx.addEndHandler(ended -> drop(ctx));
    }

    /** Whatever is missing of the body, the connection closes right behind the answer. */
    void closeAtOnce(RoutingContext ctx) {
        ctx.put(CLOSE_AT_ONCE, Boolean.TRUE);
    }

    private void drop(RoutingContext ctx) {
        if (!stillArriving(ctx) || ctx.response().closed()) {
            return;
        }
        HttpServerRequest request = ctx.request();
        if (request.version() == HttpVersion.HTTP_2) {
            ctx.response().reset();
            return;
        }
        long rest = declaredLength(request) - request.bytesRead();
        if (Boolean.TRUE.equals(ctx.get(CLOSE_AT_ONCE)) || rest > DRAINED_BYTES) {
            request.connection().close();
            return;
        }
        // A chunked body declares no length: it is dropped until it ends or passes the same bound.
        long[] dropped = {0};
        long timer = vertx.setTimer(DRAIN_TIME.toMillis(), id -> request.connection().close());
        request.handler(chunk -> {
                    dropped[0] += chunk.length();
                    if (dropped[0] > DRAINED_BYTES) {
                        vertx.cancelTimer(timer);
                        request.connection().close();
                    }
                })
                .endHandler(drained -> {
                    vertx.cancelTimer(timer);
                    request.connection().close();
                })
                .resume();
    }

    private static boolean declaresBody(HttpServerRequest request) {
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length != null && Long.parseLong(length.trim()) > 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The Content-Length, or -1 for a body of unknown length (chunked). */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
