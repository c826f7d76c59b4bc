package dev.overtime.api.auth;

import dev.overtime.api.error.Problem;
import dev.overtime.api.limits.KeyRates;
import dev.overtime.api.limits.OwnerRates;
import dev.overtime.api.owners.OwnerLimits;
import dev.overtime.api.owners.service.OwnerLimitsCache;
import dev.overtime.api.limits.TokenBucket;
import dev.overtime.api.request.EdgeOrder;
import dev.overtime.api.request.HttpEdgeRoutes;
import dev.overtime.common.ErrorCode;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Every {@code /v1} request must carry {@code Authorization: Bearer <api key>}, or a job token ({@link JobTokens}) for
 * reading the one job it names (in the header, or {@code ?access_token=}): checked here, at the edge, before a
 * byte of the body is read, then counted against the key's request rate and its owner's {@code requestsPerMinute}
 * ({@code 429 RATE_LIMITED} past either). Keys
 * known to this replica are checked in memory; others on a worker thread, unless the client's address has failed too
 * often ({@link ApiKeyService#check}). {@code /v1/ws} authenticates itself (push.websocket): a socket may send its key
 * in its first message.
 */
@ApplicationScoped
public class KeyAuthentication {

    /**
     * Browsers' EventSource, WebSocket and {@code <img>} cannot send headers: {@code ?access_token=} stands in for
     * Authorization, for job tokens only. URLs end up in access logs, histories and Referer headers, so a full API key
     * there is refused ({@code 401 API_KEY_IN_URL}) unless {@code overtime.api.auth.allow-api-key-in-url} restores,
     * for the event stream and {@code /v1/ws} and for one release, what was accepted before job tokens.
     */
    public static final String QUERY_TOKEN = "access_token";
    private static final Pattern EVENT_STREAM = Pattern.compile("/v1/image-edits/[^/]+/events");
    private static final String WEBSOCKET = "/v1/ws";
    private static final String BEARER = "Bearer ";
    private static final String CONTEXT_KEY = "overtime.apiKey";

    private final ApiKeyService keys;
    private final JobTokens tokens;
    private final KeysInUrls keysInUrls;
    private final KeyRates rates;
    private final OwnerRates ownerRates;
    private final OwnerLimitsCache ownerLimits;
    private final HttpEdgeRoutes edge;
    private final Vertx vertx;

    public KeyAuthentication(ApiKeyService keys, JobTokens tokens, KeysInUrls keysInUrls, KeyRates rates,
                             OwnerRates ownerRates, OwnerLimitsCache ownerLimits, HttpEdgeRoutes edge, Vertx vertx) {
        this.ownerRates = ownerRates;
        this.ownerLimits = ownerLimits;
        this.keys = keys;
        this.tokens = tokens;
        this.keysInUrls = keysInUrls;
        this.rates = rates;
        this.edge = edge;
        this.vertx = vertx;
    }

    /** The key this request authenticated with, or null outside {@code /v1}. */
    public static ResolvedKey keyOf(RoutingContext ctx) {
        return ctx.get(CONTEXT_KEY);
    }

    /** The presented key from {@code Authorization: Bearer}, else (where allowed) from the query; null if none. */
    public static String presentedKey(String authorization, String queryToken) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = authorization.substring(BEARER.length()).trim();
            return key.isEmpty() ? null : key;
        }
        return queryToken == null || queryToken.isBlank() ? null : queryToken.trim();
    }

    /** The address failed lookups are counted by (Quarkus' proxy settings decide whether it is the forwarded one). */
    public static String clientAddress(SocketAddress remote) {
        return remote == null ? "unknown" : remote.hostAddress();
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.AUTHENTICATION).handler(this::authenticate);
    }

    private void authenticate(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.startsWith("/v1/") || path.equals(WEBSOCKET)) {
            ctx.next();
            return;
        }
        String queryToken = ctx.request().getParam(QUERY_TOKEN);
        String presented = presentedKey(ctx.request().getHeader("Authorization"), queryToken);
        if (presented == null) {
            refuse(ctx, ErrorCode.UNAUTHENTICATED,
                    "Send Authorization: Bearer <api key>, or ?access_token=<job token> from a browser.");
            return;
        }
        if (JobTokens.isJobToken(presented)) {
            authenticateToken(ctx, presented);
            return;
        }
        boolean inUrl = presented.equals(queryToken == null ? null : queryToken.trim());
        // The path is matched only for a key in the URL: a regex on every request was 3 % of a 304's CPU.
        if (inUrl && !keysInUrls.accepted(ctx.request().method() == HttpMethod.GET
                && EVENT_STREAM.matcher(path).matches())) {
            refuse(ctx, ErrorCode.API_KEY_IN_URL, KeysInUrls.REFUSAL);
            return;
        }
        Optional<KeyCheck> remembered = keys.checkRemembered(presented);
        if (remembered.isPresent()) {
            decide(ctx, remembered.get());
            return;
        }
        String address = clientAddress(ctx.request().remoteAddress());
        // The lookup blocks on the database; the request stays paused (its body unread) until it is decided.
        vertx.<KeyCheck>executeBlocking(() -> keys.check(presented, address), false)
                .onComplete(checked -> decided(ctx, checked, this::decide));
    }

    private void authenticateToken(RoutingContext ctx, String presented) {
        Optional<TokenCheck> remembered = tokens.checkRemembered(presented);
        if (remembered.isPresent()) {
            decideToken(ctx, remembered.get());
            return;
        }
        vertx.<TokenCheck>executeBlocking(() -> tokens.check(presented), false)
                .onComplete(checked -> decided(ctx, checked, this::decideToken));
    }

    private static <T> void decided(RoutingContext ctx, AsyncResult<T> checked,
                                    BiConsumer<RoutingContext, T> decide) {
        if (checked.succeeded()) {
            decide.accept(ctx, checked.result());
        } else {
            ctx.fail(checked.cause());
        }
    }

    private void decideToken(RoutingContext ctx, TokenCheck check) {
        if (ctx.response().headWritten() || ctx.response().closed()) {
            return;
        }
        switch (check) {
            case TokenCheck.Refused refused -> refuse(ctx, refused.code(), refused.message());
            case TokenCheck.Valid valid -> {
                switch (JobTokenScope.of(ctx.request().method(), ctx.normalizedPath(), valid.jobId())) {
                    case WITHIN -> decide(ctx, new KeyCheck.Valid(valid.key()));
                    case OTHER_JOB -> refuse(ctx, ErrorCode.NOT_FOUND, "No such image edit.");
                    case NOT_ALLOWED -> refuse(ctx, ErrorCode.OUTSIDE_TOKEN_SCOPE, "A job token only reads its "
                            + "own job (status, events, outputs, variants, partial images); send an API key for "
                            + "anything else.");
                }
            }
        }
    }

    private void decide(RoutingContext ctx, KeyCheck check) {
        if (ctx.response().headWritten() || ctx.response().closed()) {
            // Answered while the key was looked up (the deadline, a body too slow): nothing left to decide.
            return;
        }
        switch (check) {
            case KeyCheck.Valid valid -> {
                ResolvedKey key = valid.key();
                TokenBucket.Take take = rates.take(key.id());
                rates.describe(take, ctx.response());
                if (!take.taken()) {
                    refuse(ctx, ErrorCode.RATE_LIMITED, "This API key sent more requests than its rate allows; "
                            + "retry after " + take.retryAfterSeconds() + " s.");
                    return;
                }
                Optional<OwnerLimits> limits = ownerLimits.cached(key.owner());
                if (limits.isPresent()) {
                    decideOwnerRate(ctx, key, limits.get());
                } else {
                    // The owner's limits are read on a worker thread; the request stays paused until then.
                    vertx.<OwnerLimits>executeBlocking(() -> ownerLimits.ofOrDefaults(key.owner()), false)
                            .onComplete(read -> decided(ctx, read, (c, l) -> decideOwnerRate(c, key, l)));
                }
            }
            case KeyCheck.Invalid invalid -> refuse(ctx, ErrorCode.UNAUTHENTICATED, "The API key is not valid.");
            case KeyCheck.Throttled throttled -> {
                ctx.response().putHeader("Retry-After", String.valueOf(throttled.retryAfterSeconds()));
                refuse(ctx, ErrorCode.RATE_LIMITED, "Too many unknown API keys from this address; retry after "
                        + throttled.retryAfterSeconds() + " s.");
            }
        }
    }

    // The owner's requestsPerMinute, all its keys together, after the key's own rate.
    private void decideOwnerRate(RoutingContext ctx, ResolvedKey key, OwnerLimits limits) {
        if (ctx.response().headWritten() || ctx.response().closed()) {
            return;
        }
        TokenBucket.Take take = ownerRates.take(key.owner(), limits.requestsPerMinute());
        ownerRates.describe(take, limits.requestsPerMinute(), ctx.response());
        if (!take.taken()) {
            refuse(ctx, ErrorCode.RATE_LIMITED, "This account sent more than its " + limits.requestsPerMinute()
                    + " requests a minute; retry after " + take.retryAfterSeconds() + " s.");
            return;
        }
        ctx.put(CONTEXT_KEY, key);
        MDC.put("owner", key.owner());
        ctx.next();
    }

    private void refuse(RoutingContext ctx, ErrorCode code, String message) {
        edge.send(ctx, Problem.of(code, message, null, ctx.get(HttpEdgeRoutes.CONTEXT_KEY)));
    }
}
