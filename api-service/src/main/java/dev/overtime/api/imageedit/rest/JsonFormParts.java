package dev.overtime.api.imageedit.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.validation.FormPart;
import dev.overtime.api.imageedit.validation.TextField;
import dev.overtime.api.imageedit.validation.VariantSpecs;
import dev.overtime.common.ErrorCode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON image edit, shaped like OpenAI's JSON form ({@code {"prompt": ..., "images": [{"image_url": ...}],
 * "mask": {"image_url": ...}, ...}}), into the same fields a multipart form gives: each {@code images[]} entry
 * becomes an {@code image_url} field, {@code mask} a {@code mask_url}, every other scalar a text field. From there
 * one validator, one fingerprint and one submit path serve both forms, so the same edit sent either way is the
 * same job.
 */
final class JsonFormParts {

    static final String IMAGES = "images";
    static final String MASK = "mask";
    static final String IMAGE_URL = "image_url";
    static final String VARIANTS = "variants";

    private JsonFormParts() {
    }

    static List<FormPart> of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "The JSON body must be an object.", null);
        }
        List<FormPart> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            switch (name) {
                case IMAGES -> images(value, parts);
                case MASK -> parts.add(new TextField("mask_url", imageUrl(value, MASK)));
                case VARIANTS -> parts.add(new TextField(VARIANTS, VariantSpecs.joined(value)));
                default -> parts.add(new TextField(name, scalar(name, value)));
            }
        }
        return parts;
    }

    private static void images(JsonNode images, List<FormPart> parts) {
        if (!images.isArray()) {
            throw invalid("images must be an array of {\"image_url\": \"https://...\"}.", IMAGES);
        }
        for (JsonNode image : images) {
            parts.add(new TextField(IMAGE_URL, imageUrl(image, IMAGES)));
        }
    }

    private static String imageUrl(JsonNode reference, String param) {
        if (reference.isObject() && reference.has("file_id")) {
            throw invalid(param + ": file_id references are not supported; give an image_url.", param);
        }
        JsonNode url = reference.isObject() ? reference.get(IMAGE_URL) : null;
        if (url == null || !url.isTextual() || reference.size() != 1) {
            throw invalid(param + " entries must be {\"image_url\": \"https://...\"}.", param);
        }
        return url.asText();
    }

    private static String scalar(String name, JsonNode value) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        String shown = name.length() > 64 ? name.substring(0, 61) + "..." : name;
        throw invalid(shown + " must be a string, number or boolean.", shown);
    }

    private static ApiException invalid(String message, String param) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message, param);
    }
}
