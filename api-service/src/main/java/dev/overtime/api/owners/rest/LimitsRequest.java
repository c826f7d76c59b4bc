package dev.overtime.api.owners.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.owners.Priority;
import dev.overtime.api.owners.service.LimitsChange;
import dev.overtime.common.ErrorCode;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the body of {@code PUT /admin/owners/{owner}/limits}: a JSON object whose every field is optional (absent or
 * null: the configured default). Unknown fields are refused, so a misspelt limit is not silently the default.
 */
final class LimitsRequest {

    static final Set<String> FIELDS = Set.of("maxConcurrentEdits", "maxQueuedJobs", "requestsPerMinute",
            "monthlyBudgetUsd", "maxPriority");
    // The bounds the table's checks hold (V20).
    static final int MAX_CONCURRENT = 100_000;
    static final int MAX_QUEUED = 10_000_000;
    static final int MAX_RATE = 10_000_000;
    private static final Pattern USD = Pattern.compile("\\d{1,12}(\\.\\d{1,2})?");

    private LimitsRequest() {
    }

    static LimitsChange parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("The body must be a JSON object of limits.", null);
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw invalid("Unknown limit '" + name + "'; the limits are " + String.join(", ",
                        FIELDS.stream().sorted().toList()) + ".", name);
            }
        }
        return new LimitsChange(count(body, "maxConcurrentEdits", MAX_CONCURRENT),
                count(body, "maxQueuedJobs", MAX_QUEUED), count(body, "requestsPerMinute", MAX_RATE), usd(body),
                priority(body));
    }

    private static Integer count(JsonNode body, String name, int max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1 || value.intValue() > max) {
            throw invalid(name + " must be a whole number from 1 to " + max + ".", name);
        }
        return value.intValue();
    }

    // A decimal string as in the issue ("250.00"); a JSON number is taken too, at most two decimals either way.
    private static BigDecimal usd(JsonNode body) {
        JsonNode value = body.get("monthlyBudgetUsd");
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isTextual() ? value.textValue().trim() : value.isNumber() ? value.decimalValue()
                .toPlainString() : "";
        if (!USD.matcher(text).matches()) {
            throw invalid("monthlyBudgetUsd must be an amount of US dollars such as \"250.00\" (at most two decimals).",
                    "monthlyBudgetUsd");
        }
        return new BigDecimal(text).setScale(2);
    }

    private static Priority priority(JsonNode body) {
        JsonNode value = body.get("maxPriority");
        if (value == null || value.isNull()) {
            return null;
        }
        Priority priority = value.isTextual() ? Priority.ofWire(value.textValue()) : null;
        if (priority == null) {
            throw invalid("maxPriority must be low, normal or high.", "maxPriority");
        }
        return priority;
    }

    private static ApiException invalid(String message, String param) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message, param);
    }
}
