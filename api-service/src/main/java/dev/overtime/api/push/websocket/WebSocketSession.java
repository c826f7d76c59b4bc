package dev.overtime.api.push.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.api.auth.JobTokens;
import dev.overtime.api.auth.KeyCheck;
import dev.overtime.api.auth.ResolvedKey;
import dev.overtime.api.auth.TokenCheck;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.limits.OpenStreams;
import dev.overtime.api.limits.TokenBucket;
import dev.overtime.api.push.feed.EventCursor;
import dev.overtime.api.push.feed.JobChange;
import dev.overtime.api.push.feed.JobFollower;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's socket. Messages in: {@code {"auth":"<key or job token>"}} (unless it came with the upgrade; a job
 * token limits the socket to its job),
 * {@code {"subscribe":"<id>","lastEventId":"3"}}, {@code {"unsubscribe":"<id>"}}. Messages out:
 * {@code {"type":"ready"}}, {@code {"type":"event","event":"running","id":"1","jobId":…,"job":{…}}},
 * {@code {"type":"error","code":…,"message":…,"jobId":…}}.
 * Abuse closes the socket: 1008 (policy) for no authentication within the deadline, a second attempt, a bad key,
 * too many frames, a revoked key; 1009 for a message over the size limit; 1003 for binary messages.
 */
final class WebSocketSession {

    static final int MAX_SUBSCRIPTIONS = 100;
    static final short POLICY_VIOLATION = 1008;
    static final short TOO_BIG = 1009;
    static final short UNSUPPORTED_DATA = 1003;

    private final ServerWebSocket socket;
    private final Context context;
    private final SocketServices services;
    private final OpenStreams.Permit permit;
    private final String clientAddress;
    private final TokenBucket frames;
    private final Map<UUID, JobFollower.Following> subscriptions = new ConcurrentHashMap<>();
    // Jobs subscribed or being subscribed. Only the socket's event loop adds (received() runs there), so taking a slot
    // and checking the cap can't race; a burst of frames can neither pass the cap nor follow one job twice.
    private final Set<UUID> reserved = ConcurrentHashMap.newKeySet();
    private long messageBytes;
    private volatile boolean authenticating;
    private volatile String owner;
    // Set when the socket authenticated with a job token: the one job it may follow.
    private volatile UUID onlyJob;
    private volatile boolean closed;

    WebSocketSession(ServerWebSocket socket, Context context, SocketServices services, OpenStreams.Permit permit,
                     String clientAddress) {
        this.socket = socket;
        this.context = context;
        this.services = services;
        this.permit = permit;
        this.clientAddress = clientAddress;
        this.frames = new TokenBucket(services.limits().frameBurst(), services.limits().framesPerSecond(),
                System::nanoTime);
    }

    /** Starts the session; {@code presentedKey} is the key sent with the upgrade, if any. */
    void start(String presentedKey) {
        socket.frameHandler(this::frameArrived);
        socket.textMessageHandler(this::received);
        socket.binaryMessageHandler(binary -> abuse(UNSUPPORTED_DATA, "text messages only"));
        long pings = context.owner().setPeriodic(services.heartbeat().toMillis(), id -> {
            if (!closed) {
                socket.writePing(Buffer.buffer("ping"));
            }
        });
        // The client must present its key in time; how long the lookup then takes is ours, not its, to answer for.
        long authDeadline = context.owner().setTimer(services.limits().authDeadline().toMillis(), id -> {
            if (!authenticating && owner == null && !closed) {
                abuse(POLICY_VIOLATION, "authenticate first: {\"auth\":\"<api key>\"}");
            }
        });
        socket.closeHandler(v -> {
            context.owner().cancelTimer(pings);
            context.owner().cancelTimer(authDeadline);
            closed();
        });
        if (presentedKey != null) {
            authenticate(presentedKey);
        }
    }

    // Every frame, pings and fragments included, before Vert.x assembles messages: one token each, and no message
    // longer than the limit (a single oversized frame never gets here: the decoder closes with 1009 itself).
    private void frameArrived(WebSocketFrame frame) {
        if (closed) {
            return;
        }
        if (!frames.take().taken()) {
            abuse(POLICY_VIOLATION, "too many frames");
            return;
        }
        if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
            messageBytes += frame.binaryData().length();
            if (messageBytes > services.limits().maxMessageBytes()) {
                abuse(TOO_BIG, "messages are at most " + services.limits().maxMessageBytes() + " bytes");
                return;
            }
            if (frame.isFinal()) {
                messageBytes = 0;
            }
        }
    }

    private void authenticate(String presentedKey) {
        // One attempt per socket: a flood of {"auth": ...} frames must not become a flood of key lookups.
        authenticating = true;
        if (JobTokens.isJobToken(presentedKey)) {
            authenticateToken(presentedKey);
            return;
        }
        Optional<KeyCheck> remembered = services.keys().checkRemembered(presentedKey);
        if (remembered.isPresent()) {
            decide(remembered.get());
            return;
        }
        services.feed().runBlocking(() -> {
            KeyCheck check = services.keys().check(presentedKey, clientAddress);
            context.runOnContext(v -> decide(check));
        });
    }

    private void authenticateToken(String presentedToken) {
        Optional<TokenCheck> remembered = services.tokens().checkRemembered(presentedToken);
        if (remembered.isPresent()) {
            decideToken(remembered.get());
            return;
        }
        services.feed().runBlocking(() -> {
            TokenCheck check = services.tokens().check(presentedToken);
            context.runOnContext(v -> decideToken(check));
        });
    }

    private void decideToken(TokenCheck check) {
        if (closed) {
            return;
        }
        switch (check) {
            case TokenCheck.Valid valid -> {
                onlyJob = valid.jobId();
                admit(valid.key());
            }
            case TokenCheck.Refused refused -> refuse(refused.code().name(), refused.message(), "job token refused");
        }
    }

    private void decide(KeyCheck check) {
        if (closed) {
            return;
        }
        switch (check) {
            case KeyCheck.Valid valid -> admit(valid.key());
            case KeyCheck.Invalid invalid -> refuse("UNAUTHENTICATED", "The API key is not valid.", "unauthenticated");
            case KeyCheck.Throttled throttled -> refuse("RATE_LIMITED", "Too many unknown API keys from this address; "
                    + "retry after " + throttled.retryAfterSeconds() + " s.", "rate limited");
        }
    }

    private void admit(ResolvedKey key) {
        if (!services.rates().take(key.id()).taken()) {
            refuse("RATE_LIMITED", "This API key sent more requests than its rate allows.", "rate limited");
            return;
        }
        try {
            permit.assign(key.id(), this::keyRevoked);
        } catch (ApiException e) {
            refuse(e.code().name(), e.getMessage(), "too many sockets for this key");
            return;
        }
        owner = key.owner();
        send(message("ready"));
    }

    private void keyRevoked() {
        context.runOnContext(v -> refuse("UNAUTHENTICATED", "The API key was revoked.", "api key revoked"));
    }

    private void refuse(String code, String text, String reason) {
        send(message("error").put("code", code).put("message", text));
        abuse(POLICY_VIOLATION, reason);
    }

    private void abuse(short status, String reason) {
        if (closed || socket.isClosed()) {
            return;
        }
        Log.debugf("Closing WebSocket from %s with %d: %s", clientAddress, status, reason);
        closed();
        socket.close(status, reason);
    }

    private void received(String text) {
        if (closed) {
            return;
        }
        JsonNode request;
        try {
            request = services.json().readTree(text);
        } catch (IOException e) {
            send(error("INVALID_REQUEST", "Messages are JSON objects.", null));
            return;
        }
        if (request.hasNonNull("auth")) {
            if (authenticating || owner != null) {
                abuse(POLICY_VIOLATION, "one authentication attempt per socket");
            } else {
                authenticate(request.get("auth").asText());
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
        if (onlyJob != null && !onlyJob.equals(jobId)) {
            // Like a missing job: a job token must not tell which other ids exist.
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
        services.feed().runBlocking(() -> {
            JobFollower.Following following = services.follower().follow(jobId, subscriber,
                    EventCursor.parse(lastEventId), new Sink(jobId));
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
        permit.close();
        subscriptions.values().forEach(JobFollower.Following::close);
        subscriptions.clear();
        reserved.clear();
    }

    private ObjectNode message(String type) {
        return services.json().createObjectNode().put("type", type);
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
            text = services.json().writeValueAsString(message);
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
            event.set("job", services.json().valueToTree(change.snapshot().view()));
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
