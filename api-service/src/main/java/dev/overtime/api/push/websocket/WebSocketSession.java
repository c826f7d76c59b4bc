package dev.overtime.api.push.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.api.push.auth.StreamCallers;
import dev.overtime.api.push.feed.EventCursor;
import dev.overtime.api.push.feed.JobChange;
import dev.overtime.api.push.feed.JobChangeFeed;
import dev.overtime.api.push.feed.JobFollower;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's socket. Messages in: {@code {"auth":"<key>"}} (unless the key came with the upgrade),
 * {@code {"subscribe":"<id>","lastEventId":"3"}}, {@code {"unsubscribe":"<id>"}}. Messages out:
 * {@code {"type":"ready"}}, {@code {"type":"event","event":"running","id":"1","jobId":…,"job":{…}}},
 * {@code {"type":"error","code":…,"message":…,"jobId":…}}.
 */
final class WebSocketSession {

    static final int MAX_SUBSCRIPTIONS = 100;
    private static final long AUTH_DEADLINE_MS = 10_000;

    private final ServerWebSocket socket;
    private final Context context;
    private final StreamCallers callers;
    private final JobFollower follower;
    private final JobChangeFeed feed;
    private final ObjectMapper json;
    private final Duration heartbeat;
    private final Map<UUID, JobFollower.Following> subscriptions = new ConcurrentHashMap<>();
    // Jobs subscribed or being subscribed. Only the socket's event loop adds (received() runs there), so taking a slot
    // and checking the cap can't race; a burst of frames can neither pass the cap nor follow one job twice.
    private final Set<UUID> reserved = ConcurrentHashMap.newKeySet();
    private volatile boolean authenticating;
    private volatile String owner;
    private volatile boolean closed;

    WebSocketSession(ServerWebSocket socket, Context context, StreamCallers callers, JobFollower follower,
                     JobChangeFeed feed, ObjectMapper json, Duration heartbeat) {
        this.socket = socket;
        this.context = context;
        this.callers = callers;
        this.follower = follower;
        this.feed = feed;
        this.json = json;
        this.heartbeat = heartbeat;
    }

    void start(String authorization, String token) {
        socket.textMessageHandler(this::received);
        long pings = context.owner().setPeriodic(heartbeat.toMillis(), id -> {
            if (!closed) {
                socket.writePing(Buffer.buffer("ping"));
            }
        });
        socket.closeHandler(v -> {
            context.owner().cancelTimer(pings);
            closed();
        });
        if (authorization != null || token != null) {
            authenticate(authorization, token);
        } else {
            context.owner().setTimer(AUTH_DEADLINE_MS, id -> {
                if (owner == null && !closed) {
                    socket.close((short) 1008, "authenticate first: {\"auth\":\"<api key>\"}");
                }
            });
        }
    }

    private void authenticate(String authorization, String token) {
        // One attempt per socket: a flood of {"auth": ...} frames must not become a flood of key lookups.
        authenticating = true;
        feed.runBlocking(() -> {
            Optional<String> resolved = callers.ownerOf(authorization, token);
            context.runOnContext(v -> {
                if (resolved.isEmpty()) {
                    send(message("error").put("code", "UNAUTHENTICATED").put("message", "The API key is not valid."));
                    socket.close((short) 1008, "unauthenticated");
                    return;
                }
                owner = resolved.get();
                send(message("ready"));
            });
        });
    }

    private void received(String text) {
        JsonNode request;
        try {
            request = json.readTree(text);
        } catch (IOException e) {
            send(error("INVALID_REQUEST", "Messages are JSON objects.", null));
            return;
        }
        if (request.hasNonNull("auth")) {
            if (authenticating || owner != null) {
                socket.close((short) 1008, "one authentication attempt per socket");
            } else {
                authenticate(null, request.get("auth").asText());
            }
            return;
        }
        if (owner == null) {
            send(error("UNAUTHENTICATED", "Send {\"auth\":\"<api key>\"} first.", null));
            return;
        }
        if (request.hasNonNull("subscribe")) {
            subscribe(request.get("subscribe").asText(), request.path("lastEventId").asText(null));
        } else if (request.hasNonNull("unsubscribe")) {
            unsubscribe(request.get("unsubscribe").asText());
        } else {
            send(error("INVALID_REQUEST", "Send subscribe or unsubscribe.", null));
        }
    }

    private void subscribe(String rawId, String lastEventId) {
        UUID jobId;
        try {
            jobId = UUID.fromString(rawId);
        } catch (IllegalArgumentException e) {
            send(error("NOT_FOUND", "No such image edit.", rawId));
            return;
        }
        if (!reserved.add(jobId)) {
            return;
        }
        if (reserved.size() > MAX_SUBSCRIPTIONS) {
            reserved.remove(jobId);
            send(error("INVALID_REQUEST", "At most " + MAX_SUBSCRIPTIONS + " jobs per socket.", rawId));
            return;
        }
        String subscriber = owner;
        feed.runBlocking(() -> {
            JobFollower.Following following = follower.follow(jobId, subscriber, EventCursor.parse(lastEventId),
                    new Sink(jobId));
            if (following.isClosed() || closed) {
                following.close();
                reserved.remove(jobId);
            } else {
                subscriptions.put(jobId, following);
            }
        });
    }

    private void unsubscribe(String rawId) {
        try {
            UUID jobId = UUID.fromString(rawId);
            JobFollower.Following following = subscriptions.remove(jobId);
            if (following != null) {
                following.close();
                reserved.remove(jobId);
            }
        } catch (IllegalArgumentException ignored) {
            // nothing was subscribed under that id
        }
    }

    private void closed() {
        closed = true;
        subscriptions.values().forEach(JobFollower.Following::close);
        subscriptions.clear();
        reserved.clear();
    }

    private ObjectNode message(String type) {
        return json.createObjectNode().put("type", type);
    }

    private ObjectNode error(String code, String text, String jobId) {
        ObjectNode error = message("error").put("code", code).put("message", text);
        if (jobId != null) {
            error.put("jobId", jobId);
        }
        return error;
    }

    private void send(ObjectNode message) {
        String text;
        try {
            text = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        if (Vertx.currentContext() == context) {
            write(text);
        } else {
            context.runOnContext(v -> write(text));
        }
    }

    private void write(String text) {
        if (!closed && !socket.isClosed()) {
            socket.writeTextMessage(text);
        }
    }

    private final class Sink implements JobFollower.Sink {
        private final UUID jobId;

        Sink(UUID jobId) {
            this.jobId = jobId;
        }

        @Override
        public void onEvent(JobChange change) {
            ObjectNode event = message("event").put("event", change.eventName()).put("id", change.cursor().toString())
                    .put("jobId", jobId.toString());
            event.set("job", json.valueToTree(change.snapshot().view()));
            if (change.partialImage() != null) {
                event.putObject("partialImage").put("index", change.partialImage().index())
                        .put("url", change.partialImage().url());
            }
            send(event);
        }

        @Override
        public void onNotFound() {
            send(error("NOT_FOUND", "No such image edit.", jobId.toString()));
        }

        @Override
        public void onEnd() {
            subscriptions.remove(jobId);
            reserved.remove(jobId);
        }
    }
}
