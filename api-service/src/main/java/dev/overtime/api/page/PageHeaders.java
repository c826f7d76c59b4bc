package dev.overtime.api.page;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.storage.ObjectStore;
import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Security headers: every response says {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy:
 * no-referrer}; the page ({@code /}, {@code /index.html}) also gets a strict Content-Security-Policy (its own
 * scripts and styles only, no framing) and {@code X-Frame-Options: DENY}. The page holds an API key, so no other
 * origin may run script in it, frame it or learn its URL.
 */
@ApplicationScoped
public class PageHeaders {

    static final Set<String> PAGE_PATHS = Set.of("/", "/index.html");
    private static final String FIXED_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'; "
            + "connect-src 'self'";

    private final ObjectStore store;
    private final boolean outputsRedirect;
    private volatile String policy;

    public PageHeaders(ObjectStore store, ApiConfig config) {
        this.store = store;
        this.outputsRedirect = config.outputs().redirect();
    }

    // First among the routes of this order, so even an answer the edge gives early carries the headers.
    void install(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::addHeaders);
    }

    private void addHeaders(RoutingContext ctx) {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer");
        if (PAGE_PATHS.contains(ctx.normalizedPath())) {
            ctx.response().putHeader("Content-Security-Policy", policy()).putHeader("X-Frame-Options", "DENY");
        }
        ctx.next();
    }

    /** The page fetches outputs, which 302 to presigned URLs: their origin is the one other it may connect to. */
    String policy() {
        String known = policy;
        if (known != null) {
            return known;
        }
        if (!outputsRedirect) {
            policy = FIXED_POLICY;
            return FIXED_POLICY;
        }
        try {
            // Presigning is computed locally: no request reaches the store.
            URI presigned = store.presignGet("csp-origin", Duration.ofMinutes(1));
            policy = FIXED_POLICY + " " + presigned.getScheme() + "://" + presigned.getRawAuthority();
            return policy;
        } catch (RuntimeException e) {
            // Not remembered: the next page load tries again.
            Log.warnf("Could not work out the object store's origin for the page's CSP; outputs may not load: %s", e.toString());
            return FIXED_POLICY;
        }
    }
}
