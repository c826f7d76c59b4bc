package dev.overtime.api.auth;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling: the key {@link KeyAuthentication} checked at the edge, for the request being served. */
@RequestScoped
public class Caller {

    private final RoutingContext routingContext;

    public Caller(RoutingContext routingContext) {
        this.routingContext = routingContext;
    }

    public String owner() {
        return key().owner();
    }

    public ResolvedKey key() {
        ResolvedKey key = KeyAuthentication.keyOf(routingContext);
        if (key == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return key;
    }
}
