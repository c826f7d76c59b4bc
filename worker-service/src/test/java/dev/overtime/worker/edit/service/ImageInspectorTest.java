package dev.overtime.worker.edit.service;

import dev.overtime.worker.edit.service.ImageInspector.InspectedImage;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

// How each format's header is read is tested with the reader, in image-format (ImageHeaderTest, WebpHeaderTest).
class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector();

    @Test
    void answersTheContentTypeAndSizeTheBytesAnnounce() throws IOException {
        BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        assertEquals(Optional.of(new InspectedImage("image/png", 7, 5)), inspector.inspect(png.toByteArray()));
    }

    @Test
    void anythingButPngJpegOrWebpIsNoImageToStore() {
        assertTrue(inspector.inspect("{\"error\":{}}".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(inspector.inspect(new byte[0]).isEmpty());
    }
}
