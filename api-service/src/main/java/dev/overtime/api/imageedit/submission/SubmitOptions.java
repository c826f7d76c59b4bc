package dev.overtime.api.imageedit.submission;

import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.validation.FormPart;
import dev.overtime.common.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Overtime's own form fields, beside OpenAI's: {@code deadline} (seconds; a job not started by then ends
 * canceled with DEADLINE_EXCEEDED) and {@code reuse} ({@code true}: answer with a recent identical job's outputs).
 * {@code openAiParts} is what is left for the edit validator.
 */
record SubmitOptions(Integer deadlineSeconds, boolean reuse, List<FormPart> openAiParts) {

    static final String DEADLINE = "deadline";
    static final String REUSE = "reuse";
    static final int MAX_DEADLINE_SECONDS = 7 * 24 * 3600;

    static SubmitOptions extract(List<? extends FormPart> parts) {
        Integer deadline = null;
        Boolean reuse = null;
        List<FormPart> rest = new ArrayList<>(parts.size());
        for (FormPart part : parts) {
            if (DEADLINE.equals(part.name())) {
                if (deadline != null || part.isFile()) {
                    throw invalid("deadline must be sent once, as a text field.", DEADLINE);
                }
                deadline = seconds(part.text());
            } else if (REUSE.equals(part.name())) {
                if (reuse != null || part.isFile()) {
                    throw invalid("reuse must be sent once, as a text field.", REUSE);
                }
                reuse = bool(part.text());
            } else {
                rest.add(part);
            }
        }
        return new SubmitOptions(deadline, Boolean.TRUE.equals(reuse), rest);
    }

    private static int seconds(String text) {
        try {
            int value = Integer.parseInt(text == null ? "" : text.trim());
            if (value >= 1 && value <= MAX_DEADLINE_SECONDS) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw invalid("deadline must be a whole number of seconds from 1 to " + MAX_DEADLINE_SECONDS + ".", DEADLINE);
    }

    private static boolean bool(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid("reuse must be true or false.", REUSE);
        };
    }

    private static ApiException invalid(String message, String param) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message, param);
    }
}
