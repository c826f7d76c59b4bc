package dev.overtime.api.push.sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.api.push.auth.VertxProblems;
import dev.overtime.api.config.PushConfig;
import dev.overtime.api.push.feed.JobChange;
import dev.overtime.api.push.feed.JobFollower;
import dev.overtime.api.limits.OpenStreams;
import dev.overtime.common.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** One client's event stream: every write happens on the request's Vert.x context, in order. */
final class SseConnection implements JobFollower.Sink {

    private final RoutingContext ctx;
    private final Context context;
    private final ObjectMapper json;
    private final VertxProblems problems;
    private final PushConfig.Sse config;
    private boolean started;
    private long heartbeatTimer = -1;
    private volatile JobFollower.Following following;
    private volatile OpenStreams.Permit permit;
    private volatile boolean gone;

    SseConnection(RoutingContext ctx, Context context, ObjectMapper json, VertxProblems problems, PushConfig.Sse config) {
        this.ctx = ctx;
        this.context = context;
        this.json = json;
        this.problems = problems;
        this.config = config;
        ctx.response().closeHandler(v -> clientLeft());
    }

    /** The stream's place in the limits, given back whenever the response ends or the client leaves. */
    void holding(OpenStreams.Permit permit) {
        this.permit = permit;
        ctx.addEndHandler(ended -> permit.close());
        if (gone) {
            permit.close();
        }
    }

    /** Its key was revoked: the stream ends (EventSource reconnects, and is then refused 401). */
    void keyRevoked() {
        context.runOnContext(v -> {
            HttpServerResponse response = ctx.response();
            stopHeartbeat();
            JobFollower.Following current = following;
            if (current != null) {
                current.close();
            }
            if (response.ended() || response.closed()) {
                return;
            }
            if (!started) {
                problems.send(ctx, ErrorCode.UNAUTHENTICATED, "The API key was revoked.");
            } else {
                response.end();
            }
        });
    }

    void following(JobFollower.Following following) {
        this.following = following;
        if (gone) {
            following.close();
        }
    }

    @Override
    public void onEvent(JobChange change) {
        ObjectNode data = json.valueToTree(change.snapshot().view());
        if (change.partialImage() != null) {
            data.putObject("partialImage")
                    .put("index", change.partialImage().index())
                    .put("url", change.partialImage().url());
        }
        String frame;
        try {
            frame = "id: " + change.cursor() + "\nevent: " + change.eventName() + "\ndata: "
                    + json.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        context.runOnContext(v -> {
            if (start()) {
                ctx.response().write(frame);
            }
        });
    }

    @Override
    public void onNotFound() {
        context.runOnContext(v -> problems.send(ctx, ErrorCode.NOT_FOUND, "No such image edit."));
    }

    @Override
    public void onEnd() {
        context.runOnContext(v -> {
            HttpServerResponse response = ctx.response();
            if (response.ended() || response.closed()) {
                return;
            }
            if (!started) {
                // Resumed after the terminal event: 204 tells EventSource not to reconnect (WHATWG HTML, 9.2).
                response.setStatusCode(204).end();
            } else {
                response.end();
            }
            stopHeartbeat();
        });
    }

    /** Writes the stream's head once; false when the client is gone. */
    private boolean start() {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return false;
        }
        if (!started) {
            started = true;
            response.setStatusCode(200)
                    .setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-store")
                    // Tells nginx-style proxies not to buffer the stream.
                    .putHeader("X-Accel-Buffering", "no");
            response.write("retry: " + config.retry().toMillis() + "\n\n");
            heartbeatTimer = ctx.vertx().setPeriodic(config.heartbeat().toMillis(), id -> {
                if (response.ended() || response.closed()) {
                    stopHeartbeat();
                } else {
                    response.write(": heartbeat\n\n");
                }
            });
        }
        return true;
    }

    private void stopHeartbeat() {
        if (heartbeatTimer >= 0) {
            ctx.vertx().cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
        }
    }

    private void clientLeft() {
        gone = true;
        stopHeartbeat();
        OpenStreams.Permit held = permit;
        if (held != null) {
            held.close();
        }
        JobFollower.Following current = following;
        if (current != null) {
            current.close();
        }
    }
}
