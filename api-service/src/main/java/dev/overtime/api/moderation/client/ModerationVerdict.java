package dev.overtime.api.moderation.client;

import java.util.List;
import java.util.Locale;

/** What moderation decided about a prompt, and whether it was consulted at all. */
public record ModerationVerdict(Outcome outcome, List<String> categories, String detail) {

    public enum Outcome { PASSED, FLAGGED, SKIPPED }

    public static ModerationVerdict skipped(String detail) {
        return new ModerationVerdict(Outcome.SKIPPED, List.of(), detail);
    }

    public boolean flagged() {
        return outcome == Outcome.FLAGGED;
    }

    /** The value stored on the job: {@code passed} or {@code skipped} (flagged prompts are never stored). */
    public String wireName() {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
