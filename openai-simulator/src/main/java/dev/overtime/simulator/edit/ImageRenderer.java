package dev.overtime.simulator.edit;

import jakarta.enterprise.context.ApplicationScoped;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Produces the "edited" picture: the first input with the mask's fully transparent region (or the
 * whole picture, without a mask) blended towards the prompt's colour. Pixels outside the region
 * keep their exact RGB, so a viewer and a test can both see where the edit happened.
 */
@ApplicationScoped
public class ImageRenderer {

    /** Share of the tint in an edited pixel; the rest is the original pixel. */
    private static final double FULL_STRENGTH = 0.6;

    private final ImageDecoder decoder;

    public ImageRenderer(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    /** The inputs decoded once, shared by every variant and partial image of a request. */
    public record Source(int[] argb, boolean[] region, int width, int height, boolean hasAlpha) {
    }

    public Source prepare(EditPlan plan) {
        ImageDecoder.Decoded first = decoder.decode(plan.images().getFirst().bytes(), "image", 1);
        // A large upload was read subsampled (ImageDecoder.MAX_DECODED_SIDE); its mask, the same canvas, alike.
        int width = first.sampledWidth();
        int height = first.sampledHeight();
        int[] argb;
        if (first.pixels() != null) {
            argb = Pixels.argb(first.pixels());
        } else {
            // WebP cannot be decoded by the JDK: start from a neutral grey canvas of the right size.
            argb = new int[width * height];
            java.util.Arrays.fill(argb, 0xff808080);
        }
        boolean[] region = new boolean[width * height];
        if (plan.mask().isPresent()) {
            BufferedImage mask = decoder.decode(plan.mask().get().bytes(), "mask", 1).pixels();
            int[] maskArgb = Pixels.argb(mask);
            for (int i = 0; i < maskArgb.length; i++) {
                region[i] = (maskArgb[i] >>> 24) == 0;
            }
        } else {
            java.util.Arrays.fill(region, true);
        }
        return new Source(argb, region, width, height, first.hasAlpha());
    }

    /**
     * @param variant which of the {@code n} images this is; each gets a slightly different hue
     * @param progress 1.0 for a final image, less for a streamed partial image
     */
    public BufferedImage render(Source source, EditPlan plan, int variant, double progress) {
        boolean alpha = outputHasAlpha(source, plan);
        int tint = PromptTint.rgb(plan.prompt(), variant);
        double strength = FULL_STRENGTH * progress;
        int[] input = source.argb();
        boolean[] region = source.region();
        int[] pixels = new int[input.length];
        for (int i = 0; i < pixels.length; i++) {
            int argb = input[i];
            int rgb = region[i] ? blend(argb, tint, strength) : argb & 0xffffff;
            pixels[i] = alpha ? (argb & 0xff000000) | rgb : flatten(argb, rgb);
        }
        BufferedImage out = Pixels.image(pixels, source.width(), source.height(), alpha);
        EditPlan.Size target = plan.outputSize();
        return target.width() == source.width() && target.height() == source.height() ? out : scale(out, target);
    }

    /** Whether the output keeps an alpha channel, which is what {@code background} reports. */
    public boolean outputHasAlpha(Source source, EditPlan plan) {
        return switch (plan.background()) {
            case "transparent" -> !plan.outputFormat().equals("jpeg");
            case "opaque" -> false;
            default -> source.hasAlpha() && !plan.outputFormat().equals("jpeg");
        };
    }

    private static int blend(int argb, int tint, double strength) {
        int r = mix((argb >> 16) & 0xff, (tint >> 16) & 0xff, strength);
        int g = mix((argb >> 8) & 0xff, (tint >> 8) & 0xff, strength);
        int b = mix(argb & 0xff, tint & 0xff, strength);
        return r << 16 | g << 8 | b;
    }

    private static int mix(int from, int to, double strength) {
        return (int) Math.round(from + (to - from) * strength);
    }

    /** An opaque output composites translucent pixels over white, as a viewer would show them. */
    private static int flatten(int argb, int rgb) {
        int a = argb >>> 24;
        if (a == 0xff) {
            return rgb;
        }
        double keep = a / 255.0;
        int r = (int) Math.round(((rgb >> 16) & 0xff) * keep + 255 * (1 - keep));
        int g = (int) Math.round(((rgb >> 8) & 0xff) * keep + 255 * (1 - keep));
        int b = (int) Math.round((rgb & 0xff) * keep + 255 * (1 - keep));
        return r << 16 | g << 8 | b;
    }

    private static BufferedImage scale(BufferedImage image, EditPlan.Size target) {
        BufferedImage scaled = new BufferedImage(target.width(), target.height(), image.getType());
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setBackground(new Color(0, 0, 0, 0));
            graphics.drawImage(image, 0, 0, target.width(), target.height(), null);
        } finally {
            graphics.dispose();
        }
        return scaled;
    }
}
