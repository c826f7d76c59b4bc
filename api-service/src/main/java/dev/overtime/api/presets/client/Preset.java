package dev.overtime.api.presets.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A curated edit a frontend can offer: a prompt template with the size and quality it is meant for. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Preset(String name, String promptTemplate, String size, String quality) {
}
