package dev.overtime.simulator.http;

/** A response body that knows how many tokens it cost, so the token rate-limit headers can move. */
public interface TokenCounted {

    long totalTokens();
}
