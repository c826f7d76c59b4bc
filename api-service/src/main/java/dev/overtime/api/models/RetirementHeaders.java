package dev.overtime.api.models;

import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The headers a submit for a deprecated or retiring model carries: {@code Deprecation} (RFC 9745, a structured-field
 * date), {@code Sunset} (RFC 8594, an HTTP-date) and, when the operator gave one, a {@code Link} to the page about
 * it. Written in one place for single edits and batches.
 */
public final class RetirementHeaders {

    public static final String DEPRECATION = "Deprecation";
    public static final String SUNSET = "Sunset";

    // IMF-fixdate (RFC 9110 §5.6.7): RFC_1123_DATE_TIME would drop the day's leading zero.
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private RetirementHeaders() {
    }

    /** {@code now} stands in for the deprecation date when none is configured: the model is deprecated as of now. */
    public static Response.ResponseBuilder add(Response.ResponseBuilder answer, ModelNotice notice, Instant now) {
        Instant deprecated = notice.deprecatedAt() == null ? now : notice.deprecatedAt();
        answer.header(DEPRECATION, "@" + deprecated.getEpochSecond());
        if (notice.sunset() != null) {
            answer.header(SUNSET, HTTP_DATE.format(notice.sunset()));
        }
        if (notice.info() != null) {
            answer.header("Link", "<" + notice.info() + ">; rel=\"deprecation\"");
        }
        return answer;
    }
}
