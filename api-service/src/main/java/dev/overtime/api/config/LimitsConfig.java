package dev.overtime.api.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * What one client, one API key and one process may hold or send: the group {@link ApiConfig#limits()}, keys under
 * {@code overtime.api.limits} ({@code overtime.api.limits.sse.per-key}). docs/SECURITY.md lists each with the answer a
 * client gets at the bound. Per-process limits are per replica; per-key limits too (each replica counts its own).
 */
public interface LimitsConfig {

    /** Open {@code GET /v1/image-edits/{id}/events} streams; over either bound: {@code 429 TOO_MANY_STREAMS}. */
    Sse sse();

    /** Open {@code /v1/ws} sockets (each may follow 100 jobs); over either bound: 429 before the upgrade, or 1008. */
    WebSockets websockets();

    /** Requests held by {@code Prefer: wait}; over either bound: {@code 429 TOO_MANY_STREAMS} before any work. */
    Waits waits();

    Rate rate();

    KeyLookups keyLookups();

    Http http();

    Socket socket();

    interface Sse {
        @WithDefault("50")
        int perKey();

        /** An idle stream costs a few kilobytes of heap; 2000 fit in a 512 MB heap with room for everything else. */
        @WithDefault("2000")
        int perProcess();
    }

    interface WebSockets {
        @WithDefault("10")
        int perKey();

        /** Counted from the upgrade, before the socket has authenticated. */
        @WithDefault("1000")
        int perProcess();
    }

    interface Waits {
        @WithDefault("50")
        int perKey();

        @WithDefault("1000")
        int perProcess();
    }

    /**
     * Requests per API key, as a token bucket: {@code burst} at once, refilled at {@code requests-per-second}. Over it:
     * {@code 429 RATE_LIMITED} with Retry-After; every {@code /v1} answer carries the {@code RateLimit-Policy} and
     * {@code RateLimit} header fields (draft-ietf-httpapi-ratelimit-headers). Opening a stream or socket is a request.
     */
    interface Rate {
        /** Stripe's 100 a second per key: far above a frontend's polling, far below a flood. */
        @WithDefault("100")
        double requestsPerSecond();

        /** Room for a backend submitting a batch at once (the throughput benchmark sends 500 from one key). */
        @WithDefault("500")
        int burst();
    }

    /** Keeps a flood of made-up keys away from the database. */
    interface KeyLookups {
        /** A key the database did not know is answered 401 from memory this long. */
        @WithDefault("30s")
        Duration unknownKeyTtl();

        /**
         * Failed key lookups one client address (an IPv6 /64) may cause: this many at once, refilled over a minute.
         * Past it, keys not already known to this replica are answered {@code 429 RATE_LIMITED} without a lookup.
         */
        @WithDefault("20")
        int failuresPerMinute();
    }

    /** Connections and slow clients; the connection count itself is quarkus.http.limits.max-connections. */
    interface Http {
        /**
         * A request head (request line and headers) must arrive whole within this time of its first byte, or of the
         * connection opening; otherwise the connection is closed.
         */
        @WithDefault("10s")
        Duration headerTimeout();

        /**
         * How long a connection may sit idle between requests. Above the 60 s idle timeout of common load balancers,
         * so they, not we, close idle connections (a close racing a new request would fail it).
         */
        @WithDefault("75s")
        Duration keepAliveTimeout();

        /** A body must arrive at least this fast, measured over each {@code body-rate-window}; else 408 and close. */
        @WithDefault("8192")
        long minBodyBytesPerSecond();

        @WithDefault("5s")
        Duration bodyRateWindow();
    }

    /** The {@code /v1/ws} protocol: abuse closes the socket with 1008 (policy) or 1009 (too big). */
    interface Socket {
        /** A socket that has not sent its key (with the upgrade or as its first message) in this time is closed with 1008. */
        @WithDefault("5s")
        Duration authDeadline();

        /**
         * Our messages are a few hundred bytes; a longer one closes the socket with 1009. Vert.x buffers at most four
         * times this of any frame or message.
         */
        @WithDefault("4096")
        int maxMessageBytes();

        /** Frames of any kind (pings included) a socket may send, as a token bucket; past it: 1008. */
        @WithDefault("10")
        double framesPerSecond();

        /** Room for authenticating and subscribing to the most jobs a socket may follow (100) at once. */
        @WithDefault("120")
        int frameBurst();
    }
}
