package dev.overtime.api.presets.client;

import java.util.List;

/** What frontends get when the presets service is absent or failing: a small set that always works. */
final class BuiltInPresets {

    static final List<Preset> ALL = List.of(
            // background=transparent needs PNG (or WebP) output: the two fields that make it a background removal.
            new Preset("remove-background", "Remove the background of {subject} and keep it transparent", "auto", "medium",
                    "transparent", "png"),
            new Preset("recolour-masked-area", "Repaint the masked area in {colour}", "auto", "low"),
            new Preset("product-shot", "Place {subject} on a clean studio background with soft light", "1024x1024", "high"));

    private BuiltInPresets() {
    }
}
