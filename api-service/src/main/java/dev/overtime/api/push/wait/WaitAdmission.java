package dev.overtime.api.push.wait;

import dev.overtime.api.auth.KeyAuthentication;
import dev.overtime.api.auth.ResolvedKey;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.error.Problem;
import dev.overtime.api.limits.OpenStreams;
import dev.overtime.api.limits.StreamKind;
import dev.overtime.api.request.EdgeOrder;
import dev.overtime.api.request.HttpEdgeRoutes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A request asking {@code Prefer: wait} takes a place among the key's and the process's held answers
 * ({@code overtime.api.limits.waits}) before any work is done: over either limit it is answered
 * {@code 429 TOO_MANY_STREAMS} with nothing changed, so a retry is safe even for a submit.
 */
@ApplicationScoped
public class WaitAdmission {

    private static final String CONTEXT_KEY = "overtime.heldWait";

    private final OpenStreams streams;
    private final HttpEdgeRoutes edge;
    private final Duration maxWait;

    public WaitAdmission(OpenStreams streams, HttpEdgeRoutes edge, ApiConfig config) {
        this.streams = streams;
        this.edge = edge;
        this.maxWait = config.push().preferWaitMax();
    }

    /** The wait this request was admitted to, or null if it asked for none. */
    static HeldWait heldWait(RoutingContext ctx) {
        return ctx.get(CONTEXT_KEY);
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.WAIT_ADMISSION).handler(this::admit);
    }

    private void admit(RoutingContext ctx) {
        ResolvedKey key = KeyAuthentication.keyOf(ctx);
        if (key == null || PreferWait.parse(ctx.request().getHeader("Prefer"), maxWait).isEmpty()) {
            ctx.next();
            return;
        }
        HeldWait held = new HeldWait();
        OpenStreams.Permit permit;
        try {
            permit = streams.open(StreamKind.WAIT, key.id(), held::keyRevoked);
        } catch (ApiException refused) {
            edge.send(ctx, Problem.of(refused.code(), refused.getMessage(), null, ctx.get(HttpEdgeRoutes.CONTEXT_KEY)));
            return;
        }
        ctx.addEndHandler(ended -> permit.close());
        ctx.put(CONTEXT_KEY, held);
        ctx.next();
    }

    /** A held answer's link to its key: completes when the key is revoked, ending the wait. */
    static final class HeldWait {
        private final CompletableFuture<Void> revoked = new CompletableFuture<>();

        CompletableFuture<Void> revoked() {
            return revoked;
        }

        private void keyRevoked() {
            revoked.complete(null);
        }
    }
}
