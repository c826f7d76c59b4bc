package dev.overtime.api.batch.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.service.Fingerprints;
import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.api.imageedit.validation.EditRequestValidator;
import dev.overtime.api.imageedit.validation.FormPart;
import dev.overtime.api.imageedit.validation.SubmitOptions;
import dev.overtime.api.imageedit.validation.TextField;
import dev.overtime.api.imageedit.validation.VariantSpecs;
import dev.overtime.api.imageedit.validation.WebhookRequestCheck;
import dev.overtime.common.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a whole batch before anything is stored: each item is its {@code defaults} overridden by its
 * own fields, turned into the same fields a single edit has and checked by the same validator. The first item that
 * is wrong answers for the batch, its index in {@code param} ({@code items[3].image_url}).
 */
@ApplicationScoped
public class BatchItems {

    /** One item that passed every check, ready to become a job. */
    public record Item(int index, EditRequest request, SubmitOptions options, String inputHash) {
    }

    /** The batch's own fields; every other top-level field is refused. */
    private static final Set<String> BATCH_FIELDS = Set.of("defaults", "items", "metadata", "webhook",
            "webhook_events");
    // A batch's webhook is the batch's (BatchWebhook); reuse is a single-edit feature. Items refuse them rather
    // than ignore them.
    private static final Set<String> NOT_IN_ITEMS = Set.of("webhook", "webhook_events", "reuse", "image", "mask");
    private static final int MAX_METADATA_BYTES = 16 * 1024;

    private final EditRequestValidator validator;
    private final WebhookRequestCheck webhooks;
    private final ApiConfig config;

    public BatchItems(EditRequestValidator validator, WebhookRequestCheck webhooks, ApiConfig config) {
        this.validator = validator;
        this.webhooks = webhooks;
        this.config = config;
    }

    public List<Item> validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "The JSON body must be an object.", null);
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!BATCH_FIELDS.contains(name)) {
                throw invalid("Unknown batch field '" + abbreviate(name)
                                + "'. Known: defaults, items, metadata, webhook, webhook_events.",
                        abbreviate(name));
            }
        }
        JsonNode defaults = body.path("defaults");
        if (!defaults.isMissingNode() && !defaults.isObject()) {
            throw invalid("defaults must be an object of edit fields.", "defaults");
        }
        JsonNode items = body.path("items");
        if (!items.isArray() || items.isEmpty()) {
            throw invalid("items must be a non-empty array.", "items");
        }
        int max = config.submission().maxBatchItems();
        if (items.size() > max) {
            throw new ApiException(ErrorCode.TOO_MANY_ITEMS, "A batch holds at most " + max + " items; got "
                    + items.size() + ".", "items");
        }
        List<Item> checked = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            checked.add(item(i, defaults, items.get(i)));
        }
        return checked;
    }

    /** The batch's webhook, vetted; {@link BatchWebhook#NONE} when none was asked for. */
    public BatchWebhook webhook(JsonNode body) {
        return BatchWebhook.read(body, webhooks);
    }

    /** The metadata object as JSON text, or null; at most {@value #MAX_METADATA_BYTES} bytes. */
    public static String metadata(JsonNode body) {
        JsonNode metadata = body.path("metadata");
        if (metadata.isMissingNode() || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject()) {
            throw invalid("metadata must be an object.", "metadata");
        }
        String text = metadata.toString();
        if (text.length() > MAX_METADATA_BYTES) {
            throw invalid("metadata is larger than " + MAX_METADATA_BYTES + " characters.", "metadata");
        }
        return text;
    }

    private Item item(int index, JsonNode defaults, JsonNode item) {
        String where = "items[" + index + "]";
        if (!item.isObject()) {
            throw invalid(where + " must be an object.", where);
        }
        ObjectNode merged = defaults.isObject() ? ((ObjectNode) defaults).deepCopy() : ((ObjectNode) item).objectNode();
        merged.setAll((ObjectNode) item);
        try {
            List<FormPart> parts = parts(merged);
            SubmitOptions options = SubmitOptions.extract(parts, config.uploads().maxParts(), webhooks);
            EditRequest request = validator.validate(options.openAiParts());
            return new Item(index, request, options, Fingerprints.ofInputs(request));
        } catch (ApiException e) {
            String param = e.param() == null ? where : where + "." + e.param();
            throw new ApiException(e.code(), where + ": " + e.getMessage(), param);
        }
    }

    private static List<FormPart> parts(ObjectNode fields) {
        List<FormPart> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (NOT_IN_ITEMS.contains(name)) {
                throw invalid(name + " is not available in batches.", name);
            }
            if (value.isNull()) {
                continue;
            }
            if (name.equals("variants")) {
                parts.add(new TextField(name, VariantSpecs.joined(value)));
            } else if (value.isArray() && name.equals("image_url")) {
                for (JsonNode url : value) {
                    parts.add(new TextField(name, scalar(name, url)));
                }
            } else {
                parts.add(new TextField(name, scalar(name, value)));
            }
        }
        return parts;
    }

    private static String scalar(String name, JsonNode value) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        throw invalid(abbreviate(name) + " must be a string, number or boolean.", abbreviate(name));
    }

    private static ApiException invalid(String message, String param) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message, param);
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
