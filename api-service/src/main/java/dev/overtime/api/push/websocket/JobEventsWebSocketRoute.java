package dev.overtime.api.push.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.auth.ApiKeyService;
import dev.overtime.api.auth.JobTokens;
import dev.overtime.api.auth.KeyAuthentication;
import dev.overtime.api.auth.KeysInUrls;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.limits.KeyRates;
import dev.overtime.api.limits.OpenStreams;
import dev.overtime.api.limits.StreamKind;
import dev.overtime.api.metrics.PushMetrics;
import dev.overtime.api.push.auth.VertxProblems;
import dev.overtime.api.push.feed.JobChangeFeed;
import dev.overtime.api.push.feed.JobFollower;
import dev.overtime.common.ErrorCode;
import dev.overtime.api.request.EdgeOrder;
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
 * A job token (with the upgrade or as {@code auth}) lets the socket follow that job only. A full API key in the URL is
 * answered {@code 401 API_KEY_IN_URL} instead of upgraded. A socket counts against
 * {@code overtime.api.limits.websockets} from its upgrade (per process) and its authentication (per key); over the
 * process limit the upgrade is answered {@code 429 TOO_MANY_STREAMS}.
 */
@ApplicationScoped
public class JobEventsWebSocketRoute {

    static final String PATH = "/v1/ws";

    private final OpenStreams streams;
    private final VertxProblems problems;
    private final SocketServices services;
    private final PushMetrics metrics;
    private final KeysInUrls keysInUrls;

    public JobEventsWebSocketRoute(ApiKeyService keys, JobTokens tokens, KeysInUrls keysInUrls, KeyRates rates,
                                   OpenStreams streams, JobFollower follower, JobChangeFeed feed,
                                   VertxProblems problems, ObjectMapper json, ApiConfig config, PushMetrics metrics) {
        this.metrics = metrics;
        this.streams = streams;
        this.problems = problems;
        this.keysInUrls = keysInUrls;
        this.services = new SocketServices(keys, tokens, rates, follower, feed, json, config.limits().socket(),
                config.push().sse().heartbeat());
    }

    void install(@Observes Router router) {
        router.get(PATH).order(EdgeOrder.STREAM_ENDPOINTS).handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        Context context = Vertx.currentContext();
        String authorization = ctx.request().getHeader("Authorization");
        String queryToken = ctx.request().getParam(KeyAuthentication.QUERY_TOKEN);
        String presented = KeyAuthentication.presentedKey(authorization, queryToken);
        boolean keyInUrl = presented != null && !JobTokens.isJobToken(presented)
                && presented.equals(queryToken == null ? null : queryToken.trim());
        if (keyInUrl && !keysInUrls.accepted(true)) {
            // Refused before the upgrade: the key in the URL was already exposed, a socket would not unexpose it.
            problems.send(ctx, ErrorCode.API_KEY_IN_URL, KeysInUrls.REFUSAL);
            return;
        }
        String address = KeyAuthentication.clientAddress(ctx.request().remoteAddress());
        OpenStreams.Permit permit;
        try {
            permit = streams.openUnassigned(StreamKind.WEBSOCKET);
        } catch (ApiException refused) {
            problems.send(ctx, refused.code(), refused.getMessage());
            return;
        }
        ctx.request().toWebSocket().onSuccess(socket -> {
            Runnable closed = metrics.opened(PushMetrics.Kind.WEBSOCKET);
            // endHandler, not closeHandler: the session owns the close handler.
            socket.endHandler(ended -> closed.run());
            WebSocketSession session = new WebSocketSession(socket, context, services, permit, address);
            session.start(presented);
        }).onFailure(e -> {
            permit.close();
            Log.debugf("WebSocket upgrade failed: %s", e.toString());
        });
    }
}
