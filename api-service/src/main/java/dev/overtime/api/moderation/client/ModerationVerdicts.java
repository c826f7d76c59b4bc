package dev.overtime.api.moderation.client;

import dev.overtime.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moderation with this replica's memory of recent verdicts: the same prompt is asked about once per
 * {@code overtime.api.moderation.verdict-ttl}, not once per submit. Keyed by SHA-256 of model and prompt, which is
 * all a moderation request carries (the images are not sent), so a key is 64 characters whatever the prompt's length;
 * at most {@code verdict-cache-size} are kept, least recently used first out. Only verdicts moderation gave are kept:
 * a fallback's "skipped" asks again next time, so an outage is not remembered beyond itself.
 */
@ApplicationScoped
public class ModerationVerdicts {

    private record Remembered(ModerationVerdict verdict, long expiresAtNanos) {
    }

    private final ModerationClient client;
    private final String model;
    private final long ttlNanos;
    private final Map<String, Remembered> verdicts;

    ModerationVerdicts(ModerationClient client, ApiConfig config) {
        this.client = client;
        this.model = config.moderation().model();
        this.ttlNanos = config.moderation().verdictTtl().toNanos();
        int capacity = config.moderation().verdictCacheSize();
        this.verdicts = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                return size() > capacity;
            }
        };
    }

    public ModerationVerdict check(String prompt) {
        if (ttlNanos == 0) {
            return client.check(prompt);
        }
        String key = key(prompt);
        long now = System.nanoTime();
        synchronized (verdicts) {
            Remembered remembered = verdicts.get(key);
            if (remembered != null && remembered.expiresAtNanos() - now > 0) {
                return remembered.verdict();
            }
        }
        ModerationVerdict verdict = client.check(prompt);
        if (verdict.outcome() != ModerationVerdict.Outcome.SKIPPED) {
            synchronized (verdicts) {
                verdicts.put(key, new Remembered(verdict, now + ttlNanos));
            }
        }
        return verdict;
    }

    private String key(String prompt) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(model.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return HexFormat.of().formatHex(sha256.digest(prompt.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
