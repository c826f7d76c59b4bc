package dev.overtime.simulator;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Small images made on the fly, so tests ship no binary fixtures. */
final class TestImages {

    /** The mask's transparent square, where edits must happen. */
    static final int HOLE_FROM = 16;
    static final int HOLE_TO = 48;

    private TestImages() {
    }

    /** An opaque gradient, so every pixel has a distinct, checkable colour. */
    static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x40);
            }
        }
        return image;
    }

    /** Opaque everywhere except a fully transparent square from HOLE_FROM to HOLE_TO. */
    static BufferedImage maskWithHole(int width, int height) {
        BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                mask.setRGB(x, y, inHole(x, y) ? 0x00000000 : 0xff000000);
            }
        }
        return mask;
    }

    static boolean inHole(int x, int y) {
        return x >= HOLE_FROM && x < HOLE_TO && y >= HOLE_FROM && y < HOLE_TO;
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpeg");
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("not a decodable image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage decodeBase64(String b64) {
        return decode(Base64.getDecoder().decode(b64));
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
