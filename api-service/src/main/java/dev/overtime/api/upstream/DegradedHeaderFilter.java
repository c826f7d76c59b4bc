package dev.overtime.api.upstream;

import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Names the upstreams a fallback stood in for, so a frontend can say "some data may be missing". */
public class DegradedHeaderFilter {

    public static final String HEADER = "Overtime-Degraded";

    private final UpstreamContext context;

    public DegradedHeaderFilter(UpstreamContext context) {
        this.context = context;
    }

    @ServerResponseFilter
    public void nameDegradedUpstreams(ContainerResponseContext response) {
        if (context.isDegraded()) {
            response.getHeaders().putSingle(HEADER, context.header());
        }
    }
}
