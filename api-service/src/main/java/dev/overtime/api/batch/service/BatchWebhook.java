package dev.overtime.api.batch.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.validation.WebhookRequest;
import dev.overtime.api.imageedit.validation.WebhookRequestCheck;
import dev.overtime.api.push.webhook.WebhookDeliveries;
import dev.overtime.common.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A batch's {@code webhook} and {@code webhook_events}, read and vetted before anything is stored. The batch's own
 * event is {@code batch.completed} (the default); job events named beside it ({@code succeeded}, {@code failed},
 * {@code completed}, …) subscribe every item to them at the same URL, as a single edit's webhook would.
 *
 * @param url            the vetted URL, or null when no webhook was asked for
 * @param batchCompleted whether the batch's completion is wanted
 * @param items          each item's job webhook, or null when no job event was named
 */
public record BatchWebhook(String url, boolean batchCompleted, WebhookRequest items) {

    static final BatchWebhook NONE = new BatchWebhook(null, false, null);

    static BatchWebhook read(JsonNode body, WebhookRequestCheck check) {
        JsonNode url = body.path("webhook");
        JsonNode events = body.path("webhook_events");
        boolean noUrl = url.isMissingNode() || url.isNull();
        if (noUrl) {
            if (!events.isMissingNode() && !events.isNull()) {
                throw invalid("webhook_events needs a webhook URL.", "webhook_events");
            }
            return NONE;
        }
        if (!url.isTextual()) {
            throw invalid("webhook must be a URL string.", "webhook");
        }
        boolean batchCompleted = false;
        List<String> jobEvents = new ArrayList<>();
        for (String event : names(events)) {
            if (event.equals(WebhookDeliveries.BATCH_COMPLETED)) {
                batchCompleted = true;
            } else if (!event.isEmpty()) {
                jobEvents.add(event);
            }
        }
        if (jobEvents.isEmpty()) {
            // The URL is vetted like any webhook's; its job-event default does not apply to a batch.
            WebhookRequest vetted = check.check(url.asText(), null);
            return new BatchWebhook(vetted.url(), true, null);
        }
        WebhookRequest items = check.check(url.asText(), String.join(",", jobEvents));
        return new BatchWebhook(items.url(), batchCompleted, items);
    }

    private static List<String> names(JsonNode events) {
        List<String> names = new ArrayList<>();
        if (events.isMissingNode() || events.isNull()) {
            return names;
        }
        if (events.isTextual()) {
            for (String name : events.asText().split(",")) {
                names.add(name.trim().toLowerCase(Locale.ROOT));
            }
            return names;
        }
        if (events.isArray()) {
            for (JsonNode name : events) {
                if (!name.isTextual()) {
                    throw invalid("webhook_events must be strings.", "webhook_events");
                }
                names.add(name.asText().trim().toLowerCase(Locale.ROOT));
            }
            return names;
        }
        throw invalid("webhook_events must be a comma-separated string or an array of event names.", "webhook_events");
    }

    private static ApiException invalid(String message, String param) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message, param);
    }
}
