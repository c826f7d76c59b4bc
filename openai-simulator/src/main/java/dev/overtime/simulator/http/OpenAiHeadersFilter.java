package dev.overtime.simulator.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Puts OpenAI's request id, timing and rate-limit headers on every {@code /v1} answer, errors included. */
public class OpenAiHeadersFilter {

    private static final String STARTED = "overtime.simulator.started-nanos";

    private final RateLimitWindow window;

    public OpenAiHeadersFilter(RateLimitWindow window) {
        this.window = window;
    }

    @ServerRequestFilter(preMatching = true)
    public void stamp(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void decorate(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/v1/")) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        Object started = request.getProperty(STARTED);
        long elapsedMillis = started == null ? 0 : (System.nanoTime() - (long) started) / 1_000_000;
        RateLimitWindow.Snapshot limits = window.record(estimatedTokens(response));
        headers.putSingle("x-request-id", "req_" + randomHex());
        headers.putSingle("openai-processing-ms", Long.toString(elapsedMillis));
        headers.putSingle("openai-version", "2020-10-01");
        headers.putSingle("x-ratelimit-limit-requests", Long.toString(limits.requestLimit()));
        headers.putIfAbsent("x-ratelimit-remaining-requests", java.util.List.of(Long.toString(limits.requestsRemaining())));
        headers.putSingle("x-ratelimit-reset-requests", limits.reset());
        headers.putSingle("x-ratelimit-limit-tokens", Long.toString(limits.tokenLimit()));
        headers.putSingle("x-ratelimit-remaining-tokens", Long.toString(limits.tokensRemaining()));
        headers.putSingle("x-ratelimit-reset-tokens", limits.reset());
    }

    private static long estimatedTokens(ContainerResponseContext response) {
        return response.getEntity() instanceof TokenCounted counted ? counted.totalTokens() : 0;
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
