package dev.overtime.worker.inputs;

import java.time.Duration;
import java.util.Locale;

/** How long an image host lets its answer be reused, from its {@code Cache-Control}. */
final class CacheControl {

    private CacheControl() {
    }

    /** Null: the host said nothing (our TTL decides); zero: don't reuse ({@code no-store}, {@code no-cache}). */
    static Duration freshFor(String header) {
        if (header == null) {
            return null;
        }
        Duration maxAge = null;
        for (String raw : header.split(",")) {
            String directive = raw.trim().toLowerCase(Locale.ROOT);
            if (directive.equals("no-store") || directive.equals("no-cache")) {
                return Duration.ZERO;
            }
            if (directive.startsWith("max-age=")) {
                try {
                    maxAge = Duration.ofSeconds(Math.max(0, Long.parseLong(directive.substring(8).replace("\"", ""))));
                } catch (NumberFormatException ignored) {
                    // An unreadable max-age says nothing; our TTL decides.
                }
            }
        }
        return maxAge;
    }
}
