package dev.overtime.simulator.behaviour;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the simulator waits before answering: a fixed duration or a uniform random range.
 *
 * <p>Written as {@code 0s}, {@code 250ms}, {@code 8s}, {@code 2m} or {@code 30s-90s}.
 */
public record Latency(Duration min, Duration max) {

    public static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);

    private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*(ms|s|m)");

    public Latency {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("latency range must satisfy 0 <= min <= max, got " + min + ".." + max);
        }
    }

    public static Latency parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        String[] bounds = trimmed.split("\\s*-\\s*", -1);
        if (bounds.length > 2) {
            throw invalid(text);
        }
        Duration low = amount(bounds[0], text);
        Duration high = bounds.length == 2 ? amount(bounds[1], text) : low;
        if (high.compareTo(low) < 0) {
            throw new IllegalArgumentException(
                    "Invalid latency '" + text + "': the upper bound must not be below the lower bound");
        }
        return new Latency(low, high);
    }

    /** Draws one delay; a fixed latency always draws the same value. */
    public Duration sample() {
        if (min.equals(max)) {
            return min;
        }
        long spanMillis = max.toMillis() - min.toMillis();
        return min.plusMillis(ThreadLocalRandom.current().nextLong(spanMillis + 1));
    }

    @Override
    public String toString() {
        return min.equals(max) ? format(min) : format(min) + "-" + format(max);
    }

    private static Duration amount(String part, String whole) {
        Matcher matcher = AMOUNT.matcher(part.trim());
        if (!matcher.matches()) {
            throw invalid(whole);
        }
        long value = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(value);
            case "s" -> Duration.ofSeconds(value);
            default -> Duration.ofMinutes(value);
        };
    }

    private static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("Invalid latency '" + text
                + "': expected a duration such as 0s, 250ms, 8s, 2m or a range such as 30s-90s");
    }
}
