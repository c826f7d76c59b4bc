package dev.overtime.api.request;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;

/** The id {@link HttpEdgeRoutes} gave the request being served. */
@RequestScoped
public class CurrentRequestId {

    private final RoutingContext routingContext;

    public CurrentRequestId(RoutingContext routingContext) {
        this.routingContext = routingContext;
    }

    public String get() {
        String id = routingContext.get(HttpEdgeRoutes.CONTEXT_KEY);
        return id != null ? id : RequestIds.acceptOrCreate(null);
    }
}
