package dev.overtime.api.imageedit.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code variants}: sized copies to make of each output, such as {@code 256.png,1024.jpg} — the longest side
 * in pixels (aspect kept, never upscaled) and the format. PNG and JPEG are made with the JDK's own encoders; WebP is
 * refused, since no maintained Java WebP encoder is available to the build (TwelveMonkeys reads WebP but does not
 * write it).
 */
public final class VariantSpecs {

    static final String PARAM = "variants";
    static final int MAX_VARIANTS = 8;
    static final int MIN_SIDE = 16;
    static final int MAX_SIDE = 4096;
    private static final Pattern SPEC = Pattern.compile("([0-9]{1,5})\\.([a-z]+)");
    private static final Set<String> FORMATS = Set.of("png", "jpg", "jpeg");

    private VariantSpecs() {
    }

    /** The variant names, lower-cased, in the order given; empty when none were asked for. */
    public static List<String> parse(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String raw : text.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            Matcher spec = SPEC.matcher(name);
            if (!spec.matches()) {
                throw invalid("Each variant is <longest side>.<format>, such as 256.png or 1024.jpg; got '"
                        + abbreviate(name) + "'.");
            }
            String format = spec.group(2);
            if (format.equals("webp")) {
                throw invalid("WebP variants are not available: no maintained Java WebP encoder is part of this build. "
                        + "Use png or jpg.");
            }
            if (!FORMATS.contains(format)) {
                throw invalid("Variant format '" + abbreviate(format) + "' is not one of png, jpg, jpeg.");
            }
            int side = Integer.parseInt(spec.group(1));
            if (side < MIN_SIDE || side > MAX_SIDE) {
                throw invalid("A variant's longest side is from " + MIN_SIDE + " to " + MAX_SIDE + " pixels; got " + side + ".");
            }
            if (!names.add(name)) {
                throw invalid("Variant '" + name + "' was asked for twice.");
            }
        }
        if (names.size() > MAX_VARIANTS) {
            throw invalid("At most " + MAX_VARIANTS + " variants; got " + names.size() + ".");
        }
        return new ArrayList<>(names);
    }

    /** A JSON {@code variants} value as the form's text: {@code ["256.png", "1024.jpg"]} or {@code "256.png,1024.jpg"}. */
    public static String joined(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (!value.isArray()) {
            throw invalid("variants must be an array of names such as \"256.png\", or one comma-separated string.");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : value) {
            if (!name.isTextual()) {
                throw invalid("variants must be an array of names such as \"256.png\".");
            }
            names.add(name.asText());
        }
        return String.join(",", names);
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message, PARAM);
    }

    private static String abbreviate(String value) {
        return value.length() <= 32 ? value : value.substring(0, 29) + "...";
    }
}
