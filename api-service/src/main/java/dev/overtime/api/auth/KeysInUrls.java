package dev.overtime.api.auth;

import dev.overtime.api.config.ApiConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a full API key is taken from a URL ({@code ?access_token=}): never, unless the one-release compatibility
 * setting {@code overtime.api.auth.allow-api-key-in-url} is on, and then only where it was taken before job tokens
 * (the event stream and {@code /v1/ws}), each use warned about.
 */
@ApplicationScoped
public class KeysInUrls {

    public static final String REFUSAL = "API keys are not accepted in URLs (access_token): URLs end up in logs, "
            + "browser history and Referer headers. Send Authorization: Bearer <api key>, or from a browser mint a "
            + "job token with POST /v1/image-edits/{id}/tokens and pass that as access_token.";
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final boolean allowed;
    private final AtomicLong accepted = new AtomicLong();
    // Far in the past, so the first use is warned about at once.
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - 2 * WARN_EVERY_NANOS);

    public KeysInUrls(ApiConfig config) {
        this.allowed = config.auth().allowApiKeyInUrl();
    }

    void announce(@Observes StartupEvent event) {
        if (allowed) {
            Log.warn("overtime.api.auth.allow-api-key-in-url is on: full API keys are accepted as ?access_token= on "
                    + "the event stream and /v1/ws. This compatibility setting goes away in the next release; "
                    + "move browsers to job tokens (POST /v1/image-edits/{id}/tokens).");
        }
    }

    /** Whether a key presented in the URL is taken here; {@code streaming}: the event stream or {@code /v1/ws}. */
    public boolean accepted(boolean streaming) {
        if (!allowed || !streaming) {
            return false;
        }
        long count = accepted.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarned.get();
        // A warning per use would flood the log from every open page; once a minute says the same.
        if (now - last >= WARN_EVERY_NANOS && lastWarned.compareAndSet(last, now)) {
            Log.warnf("A full API key was accepted in a URL (access_token); %d such requests since start. "
                    + "overtime.api.auth.allow-api-key-in-url goes away in the next release: use job tokens.", count);
        }
        return true;
    }
}
