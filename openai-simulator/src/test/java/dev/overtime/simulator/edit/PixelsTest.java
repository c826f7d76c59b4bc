package dev.overtime.simulator.edit;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PixelsTest {

    private static final int WIDTH = 37;
    private static final int HEIGHT = 23;

    @Test
    void readsEveryDecodedLayoutExactlyAsGetRgbDoes() {
        for (int type : new int[]{BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
                BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY}) {
            BufferedImage image = noise(type);
            assertArrayEquals(image.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH), Pixels.argb(image), "type " + type);
        }
    }

    @Test
    void readsPngsAsImageIoDecodesThem() throws IOException {
        for (int type : new int[]{BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png(noise(type))));
            assertArrayEquals(decoded.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH), Pixels.argb(decoded), "type " + type);
        }
    }

    @Test
    void aSubImageTakesTheGeneralPath() {
        BufferedImage image = noise(BufferedImage.TYPE_3BYTE_BGR).getSubimage(3, 4, 10, 9);
        assertArrayEquals(image.getRGB(0, 0, 10, 9, null, 0, 10), Pixels.argb(image));
    }

    @Test
    void writesPixelsBackUnchanged() {
        int[] pixels = Pixels.argb(noise(BufferedImage.TYPE_INT_ARGB));
        BufferedImage translucent = Pixels.image(pixels, WIDTH, HEIGHT, true);
        assertArrayEquals(pixels, translucent.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH));
        BufferedImage opaque = Pixels.image(pixels, WIDTH, HEIGHT, false);
        assertEquals(BufferedImage.TYPE_INT_RGB, opaque.getType());
        assertEquals(pixels[5] | 0xff000000, opaque.getRGB(5, 0));
    }

    private static BufferedImage noise(int type) {
        Random random = new Random(type);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, type);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
