package dev.overtime.simulator.edit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Plausible token counts in the shape OpenAI reports: about four characters per text token, 512-pixel
 * tiles for input images, and per-quality output costs for a 1024x1024 image scaled by area.
 */
@ApplicationScoped
public class TokenEstimator {

    private static final double MEGAPIXEL_1024 = 1024.0 * 1024.0;

    public ImagesUsage estimate(EditPlan plan) {
        long text = Math.max(1, (plan.prompt().length() + 3) / 4);
        long image = 0;
        for (EditPlan.Size size : plan.inputSizes()) {
            long tiles = (long) Math.ceil(size.width() / 512.0) * (long) Math.ceil(size.height() / 512.0);
            image += 65 + 129 * tiles;
        }
        EditPlan.Size out = plan.outputSize();
        long perImage = Math.round(outputTokens1024(plan.quality()) * (out.width() * (double) out.height()) / MEGAPIXEL_1024);
        long output = Math.max(1, perImage) * plan.n();
        long input = text + image;
        return new ImagesUsage(input, output, input + output, new ImagesUsage.InputTokensDetails(text, image));
    }

    /** Reported quality for a requested one; {@code auto} and {@code standard} settle on medium. */
    public static String resolvedQuality(String requested) {
        return switch (requested) {
            case "low", "medium", "high" -> requested;
            default -> "medium";
        };
    }

    private static long outputTokens1024(String quality) {
        return switch (resolvedQuality(quality)) {
            case "low" -> 272;
            case "high" -> 4160;
            default -> 1056;
        };
    }
}
