package dev.overtime.api.presets.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** The presets service's answer. */
@JsonIgnoreProperties(ignoreUnknown = true)
record PresetList(List<Preset> presets) {
}
