package dev.overtime.worker.edit.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Variant sizes keep the aspect and never upscale; PNG keeps transparency, JPEG flattens it onto white. */
class VariantImagesTest {

    @TempDir
    Path dir;

    @Test
    void theLongestSideIsScaledToTheVariantAndNeverUp() {
        assertArrayEquals(new int[] {256, 171}, VariantImages.targetSize(1536, 1024, 256));
        assertArrayEquals(new int[] {171, 256}, VariantImages.targetSize(1024, 1536, 256));
        assertArrayEquals(new int[] {1024, 1024}, VariantImages.targetSize(1024, 1024, 2048), "not upscaled");
        assertArrayEquals(new int[] {1, 16}, VariantImages.targetSize(10, 4000, 16), "never below one pixel");
    }

    @Test
    void readsTheNamesTheApiStores() {
        assertEquals(List.of(new VariantImages.Spec("256.png", 256, "png"), new VariantImages.Spec("1024.jpg", 1024, "jpeg")),
                VariantImages.parse("256.png,1024.jpg"));
        assertEquals(List.of(), VariantImages.parse(null));
    }

    @Test
    void aPngVariantKeepsTransparencyAndAJpegOneBecomesOpaqueWhite() throws Exception {
        BufferedImage source = new BufferedImage(400, 200, BufferedImage.TYPE_INT_ARGB);  // fully transparent

        BufferedImage png = VariantImages.scaled(source, 100, 50, true);
        VariantImages.write(png, "png", dir.resolve("v.png"));
        BufferedImage jpeg = VariantImages.scaled(source, 100, 50, false);
        VariantImages.write(jpeg, "jpeg", dir.resolve("v.jpg"));

        BufferedImage readPng = ImageIO.read(dir.resolve("v.png").toFile());
        assertEquals(100, readPng.getWidth());
        assertEquals(50, readPng.getHeight());
        assertEquals(0, readPng.getRGB(50, 25) >>> 24, "still transparent");
        BufferedImage readJpeg = ImageIO.read(dir.resolve("v.jpg").toFile());
        assertEquals(100, readJpeg.getWidth());
        assertTrue((readJpeg.getRGB(50, 25) & 0xFF) > 240, "white where it was transparent");
    }
}
