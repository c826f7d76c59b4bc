package dev.overtime.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.overtime.common.ErrorCode;

import java.util.Locale;

/**
 * The one error envelope for every non-2xx answer: RFC 9457 problem details plus our stable
 * {@code code}, a human {@code message} and the {@code requestId} to quote in a support ticket.
 * {@code data} is always present and null, so a frontend reads every answer the same way;
 * {@code degraded}, {@code upstream} and {@code timeoutMs} say when a dependency, not the
 * request, is why there is no data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String code, String message, String param,
                      String requestId, @JsonInclude(JsonInclude.Include.ALWAYS) Object data, boolean degraded,
                      String upstream, Long timeoutMs) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCode code, String message, String param, String requestId) {
        return new Problem(type(code), title(code), ErrorStatus.of(code), code.name(), message, param, requestId,
                null, false, null, null);
    }

    /** An upstream failed with nothing to stand in for it, or the request ran out of time. */
    public static Problem degraded(ErrorCode code, String message, String requestId, String upstream, long timeoutMs) {
        return new Problem(type(code), title(code), ErrorStatus.of(code), code.name(), message, null, requestId,
                null, true, upstream, timeoutMs);
    }

    private static String type(ErrorCode code) {
        return "https://overtime.dev/problems/" + code.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String title(ErrorCode code) {
        String words = code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
