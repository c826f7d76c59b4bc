package dev.overtime.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.overtime.common.ErrorCode;

import java.util.Locale;

/**
 * The one error envelope for every non-2xx answer: RFC 9457 problem details plus our stable
 * {@code code}, a human {@code message} and the {@code requestId} to quote in a support ticket.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String code, String message, String param,
                      String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCode code, String message, String param, String requestId) {
        String slug = code.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new Problem("https://overtime.dev/problems/" + slug, title(code), ErrorStatus.of(code),
                code.name(), message, param, requestId);
    }

    private static String title(ErrorCode code) {
        String words = code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
