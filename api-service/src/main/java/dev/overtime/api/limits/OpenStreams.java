package dev.overtime.api.limits;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.LimitsConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the SSE streams, WebSockets and {@code Prefer: wait} requests open on this replica, per process and per API
 * key, and refuses one past either limit ({@code 429 TOO_MANY_STREAMS}). It also knows what each key holds open, so a
 * revoked key's streams can be closed ({@link #revoke}).
 */
@ApplicationScoped
public class OpenStreams {

    private final Map<StreamKind, Integer> perKey = new EnumMap<>(StreamKind.class);
    private final Map<StreamKind, Integer> perProcess = new EnumMap<>(StreamKind.class);
    private final Map<StreamKind, AtomicInteger> openInProcess = new EnumMap<>(StreamKind.class);
    private final Map<UUID, KeyStreams> byKey = new ConcurrentHashMap<>();

    public OpenStreams(ApiConfig config) {
        LimitsConfig limits = config.limits();
        perKey.put(StreamKind.SSE, limits.sse().perKey());
        perProcess.put(StreamKind.SSE, limits.sse().perProcess());
        perKey.put(StreamKind.WEBSOCKET, limits.websockets().perKey());
        perProcess.put(StreamKind.WEBSOCKET, limits.websockets().perProcess());
        perKey.put(StreamKind.WAIT, limits.waits().perKey());
        perProcess.put(StreamKind.WAIT, limits.waits().perProcess());
        for (StreamKind kind : StreamKind.values()) {
            openInProcess.put(kind, new AtomicInteger());
        }
    }

    /**
     * Opens a stream for a key. {@code onRevoked} closes it when the key is revoked; it may run on any thread.
     *
     * @throws ApiException {@code TOO_MANY_STREAMS} past either limit
     */
    public Permit open(StreamKind kind, UUID keyId, Runnable onRevoked) {
        Permit permit = openUnassigned(kind);
        try {
            permit.assign(keyId, onRevoked);
        } catch (ApiException e) {
            permit.close();
            throw e;
        }
        return permit;
    }

    /**
     * Opens a stream whose key is not known yet (a WebSocket before it authenticates): it counts for the process
     * from now on, and for its key once {@link Permit#assign assigned}.
     */
    public Permit openUnassigned(StreamKind kind) {
        AtomicInteger open = openInProcess.get(kind);
        int limit = perProcess.get(kind);
        while (true) {
            int current = open.get();
            if (current >= limit) {
                Log.infof("Refused a stream: %d %s open in this process, the most it holds", current, kind.plural());
                throw new ApiException(ErrorCode.TOO_MANY_STREAMS, "This server holds as many " + kind.plural()
                        + " as it can right now (" + limit + "); retry shortly or poll instead.");
            }
            if (open.compareAndSet(current, current + 1)) {
                return new Permit(kind);
            }
        }
    }

    /** Closes everything the key holds open here (each stream's own way); returns how many. */
    public int revoke(UUID keyId) {
        KeyStreams streams = byKey.get(keyId);
        if (streams == null) {
            return 0;
        }
        List<Permit> held;
        synchronized (streams) {
            held = new ArrayList<>(streams.permits);
        }
        for (Permit permit : held) {
            try {
                permit.onRevoked.run();
            } catch (RuntimeException e) {
                Log.warnf("Closing a stream of a revoked key failed: %s", e.toString());
            }
            permit.close();
        }
        return held.size();
    }

    /** The keys that hold at least one stream here: the ones worth re-checking for revocation. */
    public Set<UUID> keysHoldingStreams() {
        return Set.copyOf(byKey.keySet());
    }

    public int openInProcess(StreamKind kind) {
        return openInProcess.get(kind).get();
    }

    public int openForKey(StreamKind kind, UUID keyId) {
        KeyStreams streams = byKey.get(keyId);
        if (streams == null) {
            return 0;
        }
        synchronized (streams) {
            return streams.counts[kind.ordinal()];
        }
    }

    private static final class KeyStreams {
        final int[] counts = new int[StreamKind.values().length];
        final Set<Permit> permits = new HashSet<>();
    }

    /** One open stream's place in the counts; closing it (once, from anywhere) gives the place back. */
    public final class Permit implements AutoCloseable {

        private final StreamKind kind;
        private UUID keyId;
        private volatile Runnable onRevoked = () -> { };
        private boolean closed;

        private Permit(StreamKind kind) {
            this.kind = kind;
        }

        /**
         * Counts this stream for {@code keyId} too.
         *
         * @throws ApiException {@code TOO_MANY_STREAMS} when the key holds its limit already (the permit stays open
         *                      for the process: close it)
         */
        public void assign(UUID keyId, Runnable onRevoked) {
            int limit = perKey.get(kind);
            boolean[] admitted = {false};
            synchronized (this) {
                if (closed || this.keyId != null) {
                    throw new IllegalStateException("a permit is assigned once, while open");
                }
                // Set before the permit becomes visible to revoke().
                this.onRevoked = onRevoked;
                byKey.compute(keyId, (id, streams) -> {
                    KeyStreams current = streams != null ? streams : new KeyStreams();
                    synchronized (current) {
                        if (current.counts[kind.ordinal()] < limit) {
                            current.counts[kind.ordinal()]++;
                            current.permits.add(this);
                            admitted[0] = true;
                        }
                        return current.permits.isEmpty() ? null : current;
                    }
                });
                if (admitted[0]) {
                    this.keyId = keyId;
                }
            }
            if (!admitted[0]) {
                Log.infof("Refused a stream: key %s holds %d %s, the most it may", keyId, limit, kind.plural());
                throw new ApiException(ErrorCode.TOO_MANY_STREAMS, "This API key holds " + limit + " open "
                        + kind.plural() + ", the most it may; close one first.");
            }
        }

        @Override
        public void close() {
            UUID assigned;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                assigned = keyId;
            }
            openInProcess.get(kind).decrementAndGet();
            if (assigned != null) {
                byKey.computeIfPresent(assigned, (id, streams) -> {
                    synchronized (streams) {
                        if (streams.permits.remove(this)) {
                            streams.counts[kind.ordinal()]--;
                        }
                        return streams.permits.isEmpty() ? null : streams;
                    }
                });
            }
        }
    }
}
