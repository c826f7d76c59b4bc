package dev.overtime.api.push.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.push.auth.StreamCallers;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.PushConfig;
import dev.overtime.api.metrics.PushMetrics;
import dev.overtime.api.push.feed.JobChangeFeed;
import dev.overtime.api.push.feed.JobFollower;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /v1/ws}: one WebSocket follows several jobs ({@code {"subscribe":"<id>"}}) and receives
 * the same events as the SSE stream. A Vert.x route, because quarkus-websockets-next is not in
 * our registry at this Quarkus version and the Jakarta endpoint API would park a thread per send.
 */
@ApplicationScoped
public class JobEventsWebSocketRoute {

    static final String PATH = "/v1/ws";

    private final StreamCallers callers;
    private final JobFollower follower;
    private final JobChangeFeed feed;
    private final ObjectMapper json;
    private final PushConfig config;
    private final PushMetrics metrics;

    public JobEventsWebSocketRoute(StreamCallers callers, JobFollower follower, JobChangeFeed feed,
                                   ObjectMapper json, ApiConfig config, PushMetrics metrics) {
        this.metrics = metrics;
        this.callers = callers;
        this.follower = follower;
        this.feed = feed;
        this.json = json;
        this.config = config.push();
    }

    void install(@Observes Router router) {
        router.get(PATH).order(Integer.MIN_VALUE + 100).handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        Context context = Vertx.currentContext();
        String authorization = ctx.request().getHeader("Authorization");
        String token = ctx.request().getParam(StreamCallers.QUERY_PARAMETER);
        ctx.request().toWebSocket().onSuccess(socket -> {
            Runnable closed = metrics.opened(PushMetrics.Kind.WEBSOCKET);
            socket.endHandler(ended -> closed.run());
            WebSocketSession session = new WebSocketSession(socket, context, callers, follower, feed, json,
                    config.sse().heartbeat());
            session.start(authorization, token);
        }).onFailure(e -> Log.debugf("WebSocket upgrade failed: %s", e.toString()));
    }
}
