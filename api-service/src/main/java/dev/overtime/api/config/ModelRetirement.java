package dev.overtime.api.config;

import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * When a model stops being served and what happens to requests for it after that, under
 * {@code overtime.api.models."<model>".*} beside what it accepts: upstream retirements are announced with a date,
 * and an operator answers one with a configuration change (an environment variable and a restart), not a release.
 * Checked once at startup by {@code models.ModelRetirements}.
 */
public interface ModelRetirement {

    /** From this instant the model is retired: refused or substituted. Absent: the model is not retiring. */
    Optional<Instant> sunset();

    /**
     * Sent as the {@code Deprecation} date (RFC 9745); may lie in the future. Absent: the model counts as
     * deprecated at the moment of each answer, as soon as a sunset is configured.
     */
    Optional<Instant> deprecatedAt();

    /** The model callers should move to: named in every notice and refusal, and run instead by {@code substitute}. */
    Optional<String> successor();

    @WithDefault("refuse")
    OnSunset onSunset();

    /** A page about the retirement for people, sent as {@code Link: <...>; rel="deprecation"} (RFC 9745 §3). */
    Optional<URI> infoUrl();

    enum OnSunset {
        /** {@code 400 MODEL_RETIRED} naming the successor; nothing is stored. */
        REFUSE,
        /** The job is stored and run on the successor, the requested model kept as {@code modelSubstitutedFrom}. */
        SUBSTITUTE
    }
}
