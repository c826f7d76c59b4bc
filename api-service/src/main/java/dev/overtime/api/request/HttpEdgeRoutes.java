package dev.overtime.api.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.Problem;
import dev.overtime.common.ErrorCode;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

import java.time.Duration;

/**
 * The HTTP edge, ahead of JAX-RS: assigns the request id, refuses oversized bodies before they
 * are read, closes the connection behind any answer given while a body is still unread, and turns
 * failures raised by Vert.x itself (body limits, broken multipart) into our problem envelope
 * instead of a bare status with an HTML page.
 */
@ApplicationScoped
public class HttpEdgeRoutes {

    public static final String CONTEXT_KEY = "overtime.requestId";
    private static final String BODY_RECEIVED = "overtime.bodyReceived";
    private static final String EDGE_ANSWERED = "overtime.edgeAnswered";
    private static final String CLOSE_AT_ONCE = "overtime.closeAtOnce";
    /** The most of an unwanted body read (and dropped) so that its client sees the answer: a form without files. */
    private static final long DRAINED_BYTES = 256 * 1024;
    private static final Duration DRAIN_TIME = Duration.ofSeconds(2);

    private final ApiConfig config;
    private final ObjectMapper json;
    private final Vertx vertx;

    public HttpEdgeRoutes(ApiConfig config, ObjectMapper json, Vertx vertx) {
        this.config = config;
        this.json = json;
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.REQUEST_ID).handler(this::assignRequestId).failureHandler(this::answerFailure);
    }

    private void assignRequestId(RoutingContext ctx) {
        String id = RequestIds.acceptOrCreate(ctx.request().getHeader(RequestIds.HEADER));
        ctx.put(CONTEXT_KEY, id);
        MDC.put(RequestIds.MDC_KEY, id);
        ctx.response().putHeader(RequestIds.HEADER, id);
        // Whoever answers before the body is in (a refusal at the edge, the deadline), the connection must not stay
        // open for the rest of it: Vert.x would read on, megabytes nobody wants, and hold the connection meanwhile.
        if (declaresBody(ctx.request())) {
            ctx.request().end().onSuccess(received -> ctx.put(BODY_RECEIVED, Boolean.TRUE));
        }
        ctx.addHeadersEndHandler(v -> {
            if (bodyStillArriving(ctx) && ctx.request().version() != HttpVersion.HTTP_2) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
        });
        ctx.addEndHandler(ended -> dropUnreadBody(ctx));
        if (declaresTooLargeBody(ctx)) {
            send(ctx, Problem.of(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body exceeds " + config.uploads().maxRequestBytes() + " bytes.", null, id));
            return;
        }
        ctx.next();
    }

    /**
     * The request declared a body and it has not all arrived. Neither isEnded() (false while a request is paused, as
     * Quarkus keeps every request until someone reads it, and as readers leave it) nor bytesRead (a chunked body has
     * no length to compare with) says so; the end of the request, noted as it happens, does.
     */
    static boolean bodyStillArriving(RoutingContext ctx) {
        return declaresBody(ctx.request()) && !Boolean.TRUE.equals(ctx.get(BODY_RECEIVED));
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

    private boolean declaresTooLargeBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > config.uploads().maxRequestBytes();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void answerFailure(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            if (Boolean.TRUE.equals(ctx.get(EDGE_ANSWERED))
                    || ctx.get(RequestDeadlines.CONTEXT_KEY) instanceof RequestDeadline deadline && deadline.expired()) {
                // The edge or the deadline answered already; the abandoned work's own late answer is expected to fail.
                Log.debugf("Late answer dropped: %s", String.valueOf(ctx.failure()));
                return;
            }
            ctx.next();
            return;
        }
        String id = ctx.get(CONTEXT_KEY);
        Problem problem = switch (ctx.statusCode()) {
            case 413 -> Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.", null, id);
            case 400 -> Problem.of(ErrorCode.MALFORMED_MULTIPART, "The request body could not be parsed.", null, id);
            case 404 -> Problem.of(ErrorCode.NOT_FOUND, "No such resource.", null, id);
            case 405 -> Problem.of(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed here.", null, id);
            default -> {
                if (ctx.failure() != null) {
                    Log.errorf(ctx.failure(), "Unhandled HTTP failure on %s", ctx.request().path());
                }
                yield Problem.of(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side.", null, id);
            }
        };
        send(ctx, problem);
    }

    /** Answers with the problem envelope; a body not yet read stays unread (the connection is closed behind it). */
    public void send(RoutingContext ctx, Problem problem) {
        if (ctx.response().headWritten() || ctx.response().closed()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"code\":\"INTERNAL_ERROR\"}";
        }
        ctx.put(EDGE_ANSWERED, Boolean.TRUE);
        try {
            ctx.response().setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(body);
        } catch (IllegalStateException raced) {
            // The request's own answer, written on a worker thread, got there first; it stands.
            Log.debugf("Edge answer %s dropped: the response was already written", problem.code());
        }
    }

    /** As {@link #send}, and the connection closes at once, however little of the body is missing (a body too slow). */
    public void sendAndClose(RoutingContext ctx, Problem problem) {
        ctx.put(CLOSE_AT_ONCE, Boolean.TRUE);
        send(ctx, problem);
    }

    // Vert.x keeps an HTTP/1.1 connection open until the request's body has arrived, whatever the answer said: the
    // client could go on sending (and we reading) megabytes nobody wants, so the connection closes behind the answer
    // (Connection: close says so); on HTTP/2 just the stream is reset. Closing with unread bytes makes the kernel reset
    // the connection, and a client still writing a small body would see that reset instead of the answer: a body
    // whose rest is small is read and dropped first (RFC 9112, 9.6), for a few seconds at most.
    private void dropUnreadBody(RoutingContext ctx) {
        if (!bodyStillArriving(ctx) || ctx.response().closed()) {
            return;
        }
        HttpServerRequest request = ctx.request();
        if (request.version() == HttpVersion.HTTP_2) {
            ctx.response().reset();
            return;
        }
        long declared = declaredLength(request);
        if (Boolean.TRUE.equals(ctx.get(CLOSE_AT_ONCE)) || declared - request.bytesRead() > DRAINED_BYTES) {
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
