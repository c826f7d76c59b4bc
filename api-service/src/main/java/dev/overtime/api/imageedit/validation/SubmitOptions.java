package dev.overtime.api.imageedit.validation;

import dev.overtime.api.error.ApiException;
import dev.overtime.api.owners.Priority;
import dev.overtime.common.ErrorCode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Overtime's own form fields, beside OpenAI's: {@code deadline} (seconds; a job not started by then ends canceled
 * with DEADLINE_EXCEEDED), {@code reuse} ({@code true}: answer with a recent identical job's outputs),
 * {@code partial_images} (0-3 previews streamed while the edit runs) and {@code webhook} with
 * {@code webhook_events} (null when no webhook was asked for), {@code variants} (sized copies of each output:
 * {@link VariantSpecs}), {@code priority} ({@code low}, {@code normal} or {@code high} among the owner's own edits;
 * null when not sent: the owner's limits decide). {@code openAiParts} is what is left for {@link EditRequestValidator}.
 */
public record SubmitOptions(Integer deadlineSeconds, boolean reuse, int partialImages, WebhookRequest webhook,
                            List<FormPart> openAiParts, List<String> variants, Priority priority) {

    static final String DEADLINE = "deadline";
    static final String REUSE = "reuse";
    static final String PARTIAL_IMAGES = "partial_images";
    static final String WEBHOOK = "webhook";
    static final String WEBHOOK_EVENTS = "webhook_events";
    static final String VARIANTS = VariantSpecs.PARAM;
    static final String PRIORITY = "priority";
    static final int MAX_DEADLINE_SECONDS = 7 * 24 * 3600;
    static final int MAX_PARTIAL_IMAGES = 3;

    /**
     * Reads the options and enforces the form's part limit. {@code deadline} and {@code reuse} are read first and
     * do not count toward {@code maxParts}; the other fields do, as OpenAI's do.
     */
    public static SubmitOptions extract(List<? extends FormPart> parts, int maxParts, WebhookRequestCheck webhooks) {
        Integer deadline = null;
        Boolean reuse = null;
        Map<String, String> texts = new HashMap<>();
        List<FormPart> rest = new ArrayList<>(parts.size());
        int counted = 0;
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
                counted++;
                rest.add(part);
            }
        }
        if (counted > maxParts) {
            throw new ApiException(ErrorCode.TOO_MANY_PARTS,
                    "At most " + maxParts + " multipart parts are accepted; got " + counted + ".");
        }
        List<FormPart> openAi = new ArrayList<>(rest.size());
        for (FormPart part : rest) {
            if (PARTIAL_IMAGES.equals(part.name()) || WEBHOOK.equals(part.name()) || WEBHOOK_EVENTS.equals(part.name())
                    || VARIANTS.equals(part.name()) || PRIORITY.equals(part.name())) {
                text(part, texts);
            } else {
                openAi.add(part);
            }
        }
        int partialImages = partialImages(texts.get(PARTIAL_IMAGES));
        WebhookRequest webhook = webhooks.check(texts.get(WEBHOOK), texts.get(WEBHOOK_EVENTS));
        List<String> variants = VariantSpecs.parse(texts.get(VARIANTS));
        return new SubmitOptions(deadline, Boolean.TRUE.equals(reuse), partialImages, webhook, List.copyOf(openAi),
                variants, priority(texts.get(PRIORITY)));
    }

    private static void text(FormPart part, Map<String, String> texts) {
        String name = part.name();
        if (part.isFile()) {
            throw invalid(name + " must be a text field, not a file.", name);
        }
        if (texts.put(name, part.text()) != null) {
            throw invalid(name + " was sent more than once.", name);
        }
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

    private static int partialImages(String text) {
        if (text == null) {
            return 0;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0 && value <= MAX_PARTIAL_IMAGES) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw invalid(PARTIAL_IMAGES + " must be an integer from 0 to " + MAX_PARTIAL_IMAGES + ".", PARTIAL_IMAGES);
    }

    private static Priority priority(String text) {
        if (text == null) {
            return null;
        }
        Priority priority = Priority.ofWire(text);
        if (priority == null) {
            throw invalid(PRIORITY + " must be low, normal or high.", PRIORITY);
        }
        return priority;
    }

    private static ApiException invalid(String message, String param) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message, param);
    }
}
