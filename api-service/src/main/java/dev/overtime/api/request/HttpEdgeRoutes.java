package dev.overtime.api.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.Problem;
import dev.overtime.common.ErrorCode;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;


/**
 * The HTTP edge, ahead of JAX-RS: assigns the request id, refuses oversized bodies before they
 * are read, answers refusals at the edge ({@link #send}, the body left to {@link UnreadBodies}), and
 * turns failures raised by Vert.x itself (body limits, broken multipart) into our problem envelope
 * instead of a bare status with an HTML page.
 */
@ApplicationScoped
public class HttpEdgeRoutes {

    public static final String CONTEXT_KEY = "overtime.requestId";
    private static final String EDGE_ANSWERED = "overtime.edgeAnswered";

    private final ApiConfig config;
    private final ObjectMapper json;
    private final UnreadBodies unreadBodies;

    public HttpEdgeRoutes(ApiConfig config, ObjectMapper json, UnreadBodies unreadBodies) {
        this.config = config;
        this.json = json;
        this.unreadBodies = unreadBodies;
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.REQUEST_ID).handler(this::assignRequestId).failureHandler(this::answerFailure);
    }

    private void assignRequestId(RoutingContext ctx) {
        String id = RequestIds.acceptOrCreate(ctx.request().getHeader(RequestIds.HEADER));
        ctx.put(CONTEXT_KEY, id);
        MDC.put(RequestIds.MDC_KEY, id);
        ctx.response().putHeader(RequestIds.HEADER, id);
        unreadBodies.watch(ctx);
        if (declaresTooLargeBody(ctx)) {
            send(ctx, Problem.of(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body exceeds " + config.uploads().maxRequestBytes() + " bytes.", null, id));
            return;
        }
        ctx.next();
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
        unreadBodies.closeAtOnce(ctx);
        send(ctx, problem);
    }
}
