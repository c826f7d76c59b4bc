package dev.overtime.simulator.edit;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderCacheTest {

    // A 100x100 RGB PNG decodes to 30,000 bytes of pixels.
    private static final long IMAGE_BYTES = 30_000;

    @Test
    void staysWithinItsByteBudgetEvictingTheLeastRecentlyUsed() {
        ImageDecoder decoder = new ImageDecoder(200_000);
        byte[] first = png(100, 100, 1);
        ImageDecoder.Decoded kept = decoder.decode(first, "image", 1);
        assertEquals(IMAGE_BYTES, ImageDecoder.sizeOf(kept));
        for (int i = 2; i <= 8; i++) {
            decoder.decode(png(100, 100, i), "image", 1);
        }
        assertTrue(decoder.remembered() * IMAGE_BYTES <= 200_000, decoder.remembered() + " remembered");
        assertEquals(6, decoder.remembered());
        assertNotSame(kept, decoder.decode(first, "image", 1), "the oldest image was evicted");
        byte[] last = png(100, 100, 8);
        assertSame(decoder.decode(last, "image", 1), decoder.decode(last, "image", 1));
    }

    @Test
    void doesNotRememberAnImageLargerThanAQuarterOfTheBudget() {
        ImageDecoder decoder = new ImageDecoder(200_000);
        byte[] large = png(200, 200, 1);
        assertNotSame(decoder.decode(large, "image", 1), decoder.decode(large, "image", 1));
        assertEquals(0, decoder.remembered());
    }

    @Test
    void aZeroBudgetDecodesEveryUpload() {
        ImageDecoder decoder = new ImageDecoder(0);
        byte[] image = png(10, 10, 1);
        assertNotSame(decoder.decode(image, "image", 1), decoder.decode(image, "image", 1));
    }

    private static byte[] png(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * seed) << 16 | (y * seed) << 8 | seed);
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
