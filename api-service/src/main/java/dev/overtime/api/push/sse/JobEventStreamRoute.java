package dev.overtime.api.push.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.push.auth.StreamCallers;
import dev.overtime.api.push.auth.VertxProblems;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.PushConfig;
import dev.overtime.api.metrics.PushMetrics;
import dev.overtime.api.push.feed.EventCursor;
import dev.overtime.api.push.feed.JobChangeFeed;
import dev.overtime.api.push.feed.JobFollower;
import dev.overtime.common.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /v1/image-edits/{id}/events}: the job's changes as Server-Sent Events. A Vert.x route
 * rather than JAX-RS so the stream is plain writes on the event loop (heartbeats, resumption, close
 * after the terminal event) with no thread held per client; blocking reads run on virtual threads.
 */
@ApplicationScoped
public class JobEventStreamRoute {

    static final String PATH = "/v1/image-edits/:id/events";

    private final StreamCallers callers;
    private final JobFollower follower;
    private final JobChangeFeed feed;
    private final VertxProblems problems;
    private final ObjectMapper json;
    private final PushConfig.Sse config;
    private final PushMetrics metrics;

    public JobEventStreamRoute(StreamCallers callers, JobFollower follower, JobChangeFeed feed,
                               VertxProblems problems, ObjectMapper json, ApiConfig config, PushMetrics metrics) {
        this.metrics = metrics;
        this.callers = callers;
        this.follower = follower;
        this.feed = feed;
        this.problems = problems;
        this.json = json;
        this.config = config.push().sse();
    }

    void install(@Observes Router router) {
        // Ahead of Quarkus REST, which would otherwise answer the path with 404.
        router.get(PATH).order(Integer.MIN_VALUE + 100).handler(this::open);
    }

    private void open(RoutingContext ctx) {
        Context context = Vertx.currentContext();
        String authorization = ctx.request().getHeader("Authorization");
        String token = ctx.request().getParam(StreamCallers.QUERY_PARAMETER);
        String lastEventId = Optional.ofNullable(ctx.request().getHeader("Last-Event-ID"))
                .orElse(ctx.request().getParam("lastEventId"));
        String rawId = ctx.pathParam("id");
        SseConnection connection = new SseConnection(ctx, context, json, problems, config);
        Runnable closed = metrics.opened(PushMetrics.Kind.SSE);
        ctx.addEndHandler(ended -> closed.run());
        feed.runBlocking(() -> {
            Optional<String> owner = callers.ownerOf(authorization, token);
            if (owner.isEmpty()) {
                context.runOnContext(v -> problems.send(ctx, ErrorCode.UNAUTHENTICATED,
                        "Send Authorization: Bearer <api key>, or ?access_token=<api key> from a browser."));
                return;
            }
            UUID jobId;
            try {
                jobId = UUID.fromString(rawId);
            } catch (IllegalArgumentException e) {
                connection.onNotFound();
                return;
            }
            connection.following(follower.follow(jobId, owner.get(), EventCursor.parse(lastEventId), connection));
        });
    }
}
