package dev.overtime.api.request;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.Problem;
import dev.overtime.api.error.ProblemMappers;
import dev.overtime.common.ErrorCode;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Bounds the request bodies that are not uploads (JSON edits, batches, tokens, admin calls). Unlike multipart parts,
 * which spool to disk, such a body is read whole into the heap before the resource sees it, so it gets its own,
 * much smaller limit ({@code overtime.api.uploads.max-json-bytes}) and its own budget of bytes in flight
 * ({@code overtime.api.uploads.max-in-flight-json-bytes}). Both are checked from the head, before a byte of the body
 * is read: over the limit {@code 413 PAYLOAD_TOO_LARGE}, over the budget {@code 503 OVERLOADED} with Retry-After. A
 * body of unknown length could only be bounded after it had been read, so it is refused {@code 411 LENGTH_REQUIRED}
 * (every HTTP client sends a Content-Length for a JSON string).
 */
@ApplicationScoped
public class JsonBodyAdmission {

    private final ByteBudget inFlight;
    private final long maxBodyBytes;
    private final HttpEdgeRoutes edge;

    public JsonBodyAdmission(ApiConfig config, HttpEdgeRoutes edge) {
        this.inFlight = new ByteBudget(config.uploads().maxInFlightJsonBytes());
        this.maxBodyBytes = config.uploads().maxJsonBytes();
        this.edge = edge;
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.JSON_BODY_ADMISSION).handler(this::admit);
    }

    /** Bytes of non-upload bodies admitted and not yet answered. */
    public long inFlightBytes() {
        return inFlight.held();
    }

    private void admit(RoutingContext ctx) {
        if (!mayCarryBody(ctx) || UploadAdmission.isUpload(ctx)) {
            ctx.next();
            return;
        }
        String requestId = ctx.get(HttpEdgeRoutes.CONTEXT_KEY);
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            if (bodyOfUnknownLengthFollows(ctx)) {
                edge.send(ctx, Problem.of(ErrorCode.LENGTH_REQUIRED, "A request body of this kind must declare its "
                        + "Content-Length (at most " + maxBodyBytes + " bytes); nothing was read.", null, requestId));
                return;
            }
            ctx.next();
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            ctx.next(); // Vert.x refuses a malformed Content-Length itself, before this route.
            return;
        }
        if (bytes > maxBodyBytes) {
            edge.send(ctx, Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "A " + contentType(ctx) + " body may hold at most "
                    + maxBodyBytes + " bytes; this one declares " + bytes + ". Nothing was read.", null, requestId));
            return;
        }
        if (bytes <= 0) {
            ctx.next();
            return;
        }
        if (!inFlight.reserve(bytes)) {
            Log.infof("JSON body refused: %d bytes would pass the in-flight budget of %d (%d held)", bytes,
                    inFlight.capacity(), inFlight.held());
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER,
                    String.valueOf(ProblemMappers.OVERLOADED_RETRY_AFTER_SECONDS));
            edge.send(ctx, Problem.of(ErrorCode.OVERLOADED, "The server is reading too many request bodies right "
                    + "now; nothing was read or stored. Retry shortly.", null, requestId));
            return;
        }
        ctx.addEndHandler(ended -> inFlight.release(bytes));
        ctx.next();
    }

    private static boolean mayCarryBody(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    // HTTP/1.1 says so with Transfer-Encoding; an HTTP/2 stream that did not end with its head carries data frames.
    private static boolean bodyOfUnknownLengthFollows(RoutingContext ctx) {
        if (ctx.request().version() == HttpVersion.HTTP_2) {
            return !ctx.request().isEnded();
        }
        return ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static String contentType(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return type == null ? "request" : type.split(";", 2)[0].trim();
    }
}
