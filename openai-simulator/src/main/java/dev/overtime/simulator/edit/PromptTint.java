package dev.overtime.simulator.edit;

import java.awt.Color;

/** The colour an edit paints with: the same prompt always gives the same hue, so edits are recognisable. */
final class PromptTint {

    /** How far each variant of an {@code n > 1} request moves round the colour wheel. */
    private static final float VARIANT_HUE_STEP = 0.07f;

    private PromptTint() {
    }

    static int rgb(String prompt, int variant) {
        // String.hashCode is specified by the JLS, so the hue is stable across JVMs and restarts.
        float hue = Math.floorMod(prompt.hashCode(), 360) / 360f + variant * VARIANT_HUE_STEP;
        return Color.HSBtoRGB(hue - (float) Math.floor(hue), 0.85f, 1.0f) & 0xffffff;
    }
}
