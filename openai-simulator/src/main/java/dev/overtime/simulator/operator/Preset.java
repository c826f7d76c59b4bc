package dev.overtime.simulator.operator;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** One curated edit of the presets contract. */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record Preset(String name, String promptTemplate, String size, String quality) {

    /** The presets contract's answer. */
    public record Page(List<Preset> presets) {
    }
}
