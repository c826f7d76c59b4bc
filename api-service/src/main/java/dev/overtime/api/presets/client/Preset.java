package dev.overtime.api.presets.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A curated edit a frontend can offer: a prompt template with the size and quality it is meant for, and where the
 * edit needs them, the {@code background} and {@code outputFormat} to send with it (a built-in preset's own; the
 * presets service's contract has no such fields, so its presets carry none).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Preset(String name, String promptTemplate, String size, String quality, String background,
                     String outputFormat) {

    public Preset(String name, String promptTemplate, String size, String quality) {
        this(name, promptTemplate, size, quality, null, null);
    }
}
