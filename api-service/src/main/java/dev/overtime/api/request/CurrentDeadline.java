package dev.overtime.api.request;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;

/** The deadline {@link RequestDeadlines} gave the request being served. */
@RequestScoped
public class CurrentDeadline {

    private final RoutingContext routingContext;

    public CurrentDeadline(RoutingContext routingContext) {
        this.routingContext = routingContext;
    }

    public RequestDeadline get() {
        RequestDeadline deadline = routingContext.get(RequestDeadlines.CONTEXT_KEY);
        return deadline != null ? deadline : RequestDeadline.none();
    }
}
