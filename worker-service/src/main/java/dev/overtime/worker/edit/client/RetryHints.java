package dev.overtime.worker.edit.client;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads when the upstream wants to be called again: {@code retry-after-ms}, then {@code retry-after} (seconds or
 * an HTTP date), then, for a 429, the later of {@code x-ratelimit-reset-requests} / {@code -tokens} (OpenAI's
 * {@code 1m30.5s}, {@code 20ms} form) whose remaining count is zero.
 */
public final class RetryHints {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RetryHints() {
    }

    /** Null when the answer carries no usable hint. */
    public static Duration from(int status, Function<String, String> header) {
        Duration ms = millis(header.apply("retry-after-ms"));
        if (ms != null) {
            return ms;
        }
        Duration after = retryAfter(header.apply("retry-after"));
        if (after != null) {
            return after;
        }
        if (status != 429) {
            return null;
        }
        Duration requests = exhausted(header.apply("x-ratelimit-remaining-requests"))
                ? openAiDuration(header.apply("x-ratelimit-reset-requests")) : null;
        Duration tokens = exhausted(header.apply("x-ratelimit-remaining-tokens"))
                ? openAiDuration(header.apply("x-ratelimit-reset-tokens")) : null;
        if (requests == null) {
            return tokens;
        }
        return tokens == null || requests.compareTo(tokens) >= 0 ? requests : tokens;
    }

    static Duration millis(String value) {
        try {
            return value == null ? null : Duration.ofMillis(Math.max(0, (long) Double.parseDouble(value.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value.trim()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** OpenAI's reset format: {@code 6m0s}, {@code 1.5s}, {@code 20ms}, {@code 1h2m}. */
    static Duration openAiDuration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = DURATION_PART.matcher(value.trim());
        double millis = 0;
        int consumed = 0;
        while (m.find()) {
            if (m.start() != consumed) {
                return null;
            }
            consumed = m.end();
            double amount = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "h" -> amount * 3_600_000;
                case "m" -> amount * 60_000;
                case "s" -> amount * 1000;
                default -> amount;
            };
        }
        return consumed == value.trim().length() && consumed > 0 ? Duration.ofMillis((long) millis) : null;
    }

    private static boolean exhausted(String remaining) {
        return remaining == null || remaining.trim().equals("0");
    }
}
