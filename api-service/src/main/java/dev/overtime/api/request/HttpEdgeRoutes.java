package dev.overtime.api.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.Problem;
import dev.overtime.common.ErrorCode;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * The HTTP edge, ahead of JAX-RS: assigns the request id, refuses oversized bodies before they
 * are read, closes the connection behind any answer given while a body is still unread, and turns
 * failures raised by Vert.x itself (body limits, broken multipart) into our problem envelope
 * instead of a bare status with an HTML page.
 */
@ApplicationScoped
public class HttpEdgeRoutes {

    public static final String CONTEXT_KEY = "overtime.requestId";

    private final ApiConfig config;
    private final ObjectMapper json;

    public HttpEdgeRoutes(ApiConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
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
        ctx.addHeadersEndHandler(v -> {
            if (!ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2) {
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
            if (ctx.get(RequestDeadlines.CONTEXT_KEY) instanceof RequestDeadline deadline && deadline.expired()) {
                // The deadline answered already; the abandoned work's own late answer is expected to fail.
                Log.debugf("Late answer after the request deadline dropped: %s", String.valueOf(ctx.failure()));
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
        ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }

    // Vert.x keeps an HTTP/1.1 connection open until the request's body has arrived, whatever the answer said: the
    // client could go on sending (and we reading) megabytes nobody wants. Close it; on HTTP/2 reset just the stream.
    private static void dropUnreadBody(RoutingContext ctx) {
        if (ctx.request().isEnded() || ctx.response().closed()) {
            return;
        }
        if (ctx.request().version() == HttpVersion.HTTP_2) {
            ctx.response().reset();
        } else {
            ctx.request().connection().close();
        }
    }
}
