package dev.overtime.api.auth;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every {@code /v1/} call must carry {@code Authorization: Bearer <api key>}; this resolves its owner. */
public class ApiKeyFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeyService keys;
    private final Caller caller;

    public ApiKeyFilter(ApiKeyService keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/")) {
            return;
        }
        String header = request.getHeaderString("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "Send Authorization: Bearer <api key>.");
        }
        String owner = keys.ownerOf(header.substring(BEARER.length()).trim())
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "The API key is not valid."));
        caller.authenticatedAs(owner);
        MDC.put("owner", owner);
    }
}
