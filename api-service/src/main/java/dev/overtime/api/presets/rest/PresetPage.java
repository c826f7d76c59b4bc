package dev.overtime.api.presets.rest;

import dev.overtime.api.presets.client.Preset;

import java.util.List;

/** The presets answer: {@code degraded} is true when the built-in presets stood in for a failing service. */
public record PresetPage(List<Preset> data, boolean degraded) {
}
