package dev.overtime.api.cost.usage;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /v1/usage}'s parameters, checked: {@code from} (inclusive) and {@code to} (exclusive) as instants or
 * UTC dates (a date {@code to} includes that whole day), by default this month so far; {@code groupBy} any of
 * {@code model}, {@code day}, comma-separated. A range is at most {@link #MAX_RANGE} long, which bounds the answer's
 * groups to 400 days times the models.
 */
public record UsageQuery(Instant from, Instant to, List<Dimension> groupBy) {

    static final Duration MAX_RANGE = Duration.ofDays(400);

    /** What usage can be grouped by; the wire name is the lower-case name. */
    public enum Dimension {
        MODEL, DAY;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static UsageQuery parse(String from, String to, String groupBy, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant start = blank(from) ? YearMonth.from(today).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                : instant(from, "from", false);
        Instant end = blank(to) ? today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                : instant(to, "to", true);
        if (!start.isBefore(end)) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "'from' must be before 'to'.", "from");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "A usage range is at most " + MAX_RANGE.toDays() + " days; ask for several.", "to");
        }
        return new UsageQuery(start, end, dimensions(groupBy));
    }

    private static List<Dimension> dimensions(String groupBy) {
        List<Dimension> dimensions = new ArrayList<>();
        if (blank(groupBy)) {
            return dimensions;
        }
        for (String name : groupBy.split(",", -1)) {
            Dimension dimension = switch (name.trim()) {
                case "model" -> Dimension.MODEL;
                case "day" -> Dimension.DAY;
                default -> throw new ApiException(ErrorCode.INVALID_PARAMETER, "groupBy takes 'model' and 'day'"
                        + " (comma-separated), not '" + (name.length() > 32 ? name.substring(0, 32) : name) + "'.",
                        "groupBy");
            };
            if (dimensions.contains(dimension)) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, "groupBy names '" + dimension.wireName()
                        + "' twice.", "groupBy");
            }
            dimensions.add(dimension);
        }
        return dimensions;
    }

    private static Instant instant(String value, String name, boolean endOfDay) {
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "'" + name + "' must be a date (2026-12-01) or an"
                    + " instant (2026-12-01T00:00:00Z).", name);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
