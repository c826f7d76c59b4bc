package dev.overtime.api.push.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.auth.KeyAuthentication;
import dev.overtime.api.auth.ResolvedKey;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.limits.OpenStreams;
import dev.overtime.api.limits.StreamKind;
import dev.overtime.api.request.EdgeOrder;
import dev.overtime.api.push.auth.VertxProblems;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.PushConfig;
import dev.overtime.api.metrics.PushMetrics;
import dev.overtime.api.push.feed.EventCursor;
import dev.overtime.api.push.feed.JobChangeFeed;
import dev.overtime.api.push.feed.JobFollower;
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
 * The key was checked at the edge (auth.KeyAuthentication, which also takes {@code ?access_token=} here);
 * each stream counts against {@code overtime.api.limits.sse} and ends when its key is revoked.
 */
@ApplicationScoped
public class JobEventStreamRoute {

    static final String PATH = "/v1/image-edits/:id/events";

    private final JobFollower follower;
    private final JobChangeFeed feed;
    private final OpenStreams streams;
    private final VertxProblems problems;
    private final ObjectMapper json;
    private final PushConfig.Sse config;
    private final PushMetrics metrics;

    public JobEventStreamRoute(JobFollower follower, JobChangeFeed feed, OpenStreams streams, VertxProblems problems,
                               ObjectMapper json, ApiConfig config, PushMetrics metrics) {
        this.metrics = metrics;
        this.follower = follower;
        this.feed = feed;
        this.streams = streams;
        this.problems = problems;
        this.json = json;
        this.config = config.push().sse();
    }

    void install(@Observes Router router) {
        router.get(PATH).order(EdgeOrder.STREAM_ENDPOINTS).handler(this::open);
    }

    private void open(RoutingContext ctx) {
        ResolvedKey key = KeyAuthentication.keyOf(ctx);
        String lastEventId = Optional.ofNullable(ctx.request().getHeader("Last-Event-ID"))
                .orElse(ctx.request().getParam("lastEventId"));
        SseConnection connection = new SseConnection(ctx, Vertx.currentContext(), json, problems, config);
        OpenStreams.Permit permit;
        try {
            permit = streams.open(StreamKind.SSE, key.id(), connection::keyRevoked);
        } catch (ApiException refused) {
            problems.send(ctx, refused.code(), refused.getMessage());
            return;
        }
        connection.holding(permit);
        Runnable closed = metrics.opened(PushMetrics.Kind.SSE);
        ctx.addEndHandler(ended -> closed.run());
        UUID jobId;
        try {
            jobId = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            connection.onNotFound();
            return;
        }
        feed.runBlocking(() -> connection.following(
                follower.follow(jobId, key.owner(), EventCursor.parse(lastEventId), connection)));
    }
}
