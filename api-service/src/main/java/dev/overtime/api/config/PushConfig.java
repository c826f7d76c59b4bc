package dev.overtime.api.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Tuning for the push features (change feed, SSE, WebSocket, Prefer: wait, estimates, webhooks): the group
 * {@link ApiConfig#push()}, whose keys sit directly under {@code overtime.api} ({@code overtime.api.sse.heartbeat}).
 */
public interface PushConfig {

    /** The longest {@code Prefer: wait=N} honoured; RFC 7240 lets the server cap it, and gateways cut at 29 s. */
    @WithDefault("25s")
    Duration preferWaitMax();

    Sse sse();

    Estimates estimates();

    Webhooks webhooks();

    interface Sse {
        /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
        @WithDefault("15s")
        Duration heartbeat();

        /** The reconnection delay suggested to EventSource clients. */
        @WithDefault("2s")
        Duration retry();
    }

    interface Estimates {
        /** Assumed upstream latency until real edits have been observed. */
        @WithDefault("40s")
        Duration initialUpstreamLatency();

        /** Weight of the newest observation in the moving average of upstream latency. */
        @WithDefault("0.2")
        double ewmaWeight();

        /** How many edits the workers run at once; jobs further back in the queue wait for a whole round. */
        @WithDefault("512")
        int workerConcurrency();

        @WithDefault("1")
        int minRetryAfterSeconds();

        /** Never ask a poller to stay away longer than this, however long the estimate. */
        @WithDefault("30")
        int maxRetryAfterSeconds();
    }

    interface Webhooks {
        /** Allow http:// URLs on loopback addresses (local stack and tests only). */
        @WithDefault("false")
        boolean allowLoopback();

        /** How long a delivery is retried before it is given up. */
        @WithDefault("24h")
        Duration retryPeriod();

        /** First retry delay; each further retry doubles it, up to {@code max-backoff}. */
        @WithDefault("5s")
        Duration firstBackoff();

        @WithDefault("1h")
        Duration maxBackoff();

        /** How often the dispatcher looks for due deliveries. */
        @WithDefault("1s")
        Duration pollInterval();

        /**
         * One attempt from start to end: connect, TLS, request, status, headers and the body read. Past it the socket
         * is closed and the attempt counts as failed (retried), whatever the receiver had sent.
         */
        @WithDefault("10s")
        Duration timeout();

        /** Connecting (TCP) to the receiver, within {@code timeout}: a dead host fails fast. */
        @WithDefault("3s")
        Duration connectTimeout();

        /**
         * Attempts in flight for one owner on one replica; the owner's other due messages wait their turn, nobody
         * else's do. A dead receiver so costs its owner this many senders for {@code timeout} at a time.
         */
        @WithDefault("4")
        int perOwnerConcurrency();

        /** Attempts in flight on one replica, all owners together (each a virtual thread and a socket). */
        @WithDefault("128")
        int maxInFlight();

        /** How long an old secret keeps signing after a rotation. */
        @WithDefault("24h")
        Duration rotationGrace();

        @WithDefault("20")
        int batchSize();
    }
}
