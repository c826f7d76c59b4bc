package dev.overtime.worker.edit.service;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pixel work of output variants, with the JDK alone: what a name such as {@code 256.png} asks for, the size it
 * comes to (longest side, aspect kept, never upscaled), the scaling (halving steps, then one bilinear step, so a
 * large reduction does not alias) and the encoding (PNG keeps alpha; JPEG has none, so transparency becomes white).
 */
final class VariantImages {

    /** One parsed variant name. */
    record Spec(String name, int longestSide, String format) {

        String contentType() {
            return format.equals("png") ? "image/png" : "image/jpeg";
        }
    }

    private VariantImages() {
    }

    /** The names as the API stored them ({@code 256.png,1024.jpg}); an unreadable one is skipped. */
    static List<Spec> parse(String variants) {
        List<Spec> specs = new ArrayList<>();
        if (variants == null || variants.isBlank()) {
            return specs;
        }
        for (String raw : variants.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            int dot = name.indexOf('.');
            if (dot <= 0) {
                continue;
            }
            try {
                int side = Integer.parseInt(name.substring(0, dot));
                String format = name.substring(dot + 1);
                if (side > 0 && (format.equals("png") || format.equals("jpg") || format.equals("jpeg"))) {
                    specs.add(new Spec(name, side, format.equals("png") ? "png" : "jpeg"));
                }
            } catch (NumberFormatException ignored) {
                // The API accepts only well-formed names; anything else is not ours to make.
            }
        }
        return specs;
    }

    /** Width and height scaled so the longer side is {@code longestSide}, or as they are if already smaller. */
    static int[] targetSize(int width, int height, int longestSide) {
        int longest = Math.max(width, height);
        if (longest <= longestSide) {
            return new int[] {width, height};
        }
        double scale = (double) longestSide / longest;
        return new int[] {Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale))};
    }

    static BufferedImage scaled(BufferedImage source, int width, int height, boolean alpha) {
        BufferedImage current = source;
        int w = source.getWidth();
        int h = source.getHeight();
        while (w / 2 >= width && h / 2 >= height) {
            w /= 2;
            h /= 2;
            current = draw(current, w, h, alpha);
        }
        return current.getWidth() == width && current.getHeight() == height && current != source
                ? current : draw(current, width, height, alpha);
    }

    private static BufferedImage draw(BufferedImage from, int width, int height, boolean alpha) {
        BufferedImage to = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = to.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            if (!alpha) {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, width, height);
            }
            g.drawImage(from, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return to;
    }

    /** Writes {@code image} as {@code format} ({@code png} or {@code jpeg}) to {@code file}. */
    static void write(BufferedImage image, String format, Path file) throws IOException {
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
    }
}
