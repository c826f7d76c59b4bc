package dev.overtime.api.presets.client;

import java.util.List;

/** The presets a frontend is offered, and whether they are the built-in stand-ins. */
public record PresetCatalogue(List<Preset> presets, boolean builtIn) {
}
