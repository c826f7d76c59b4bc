package dev.overtime.api.auth;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.limits.OpenStreams;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes what a revoked key holds open on this replica (SSE streams, WebSockets, held waits), whichever replica
 * revoked it: every half key-cache TTL it asks the database which of the keys holding streams here are revoked, in
 * batches, so a revocation reaches every stream within {@code overtime.api.key-cache-ttl}, like it reaches requests.
 */
@ApplicationScoped
public class KeyRevalidation {

    private static final int BATCH = 500;
    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);

    private final ApiKeyService keys;
    private final OpenStreams streams;
    private final Vertx vertx;
    private final Duration interval;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public KeyRevalidation(ApiKeyService keys, OpenStreams streams, Vertx vertx, ApiConfig config) {
        this.keys = keys;
        this.streams = streams;
        this.vertx = vertx;
        Duration half = config.keyCacheTtl().dividedBy(2);
        this.interval = half.compareTo(SHORTEST_INTERVAL) < 0 ? SHORTEST_INTERVAL : half;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(interval.toMillis(), id -> {
            // One round at a time: a slow database must not pile rounds up.
            if (running.compareAndSet(false, true)) {
                vertx.executeBlocking(() -> {
                    revalidate();
                    return null;
                }, false).onComplete(done -> running.set(false));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One round: closes the streams of every revoked key; returns how many streams it closed. */
    public int revalidate() {
        List<UUID> holding = new ArrayList<>(streams.keysHoldingStreams());
        int closed = 0;
        for (int from = 0; from < holding.size(); from += BATCH) {
            List<UUID> batch = holding.subList(from, Math.min(holding.size(), from + BATCH));
            Set<UUID> revoked;
            try {
                revoked = keys.revokedAmong(batch);
            } catch (RuntimeException e) {
                // The database is away: streams stay open until it answers (they were valid when it last did).
                Log.warnf("Could not re-check the keys of open streams: %s", e.toString());
                return closed;
            }
            for (UUID key : revoked) {
                int count = streams.revoke(key);
                closed += count;
                Log.infof("Closed %d streams of revoked API key %s", count, key);
            }
        }
        return closed;
    }
}
