package dev.overtime.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overtime.simulator.edit.ImageDecoder;
import dev.overtime.simulator.error.OpenAiException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImageDecoderTest {

    @Inject
    ImageDecoder decoder;

    @Test
    void decodesTheSameUploadOnceAndOtherBytesAfresh() {
        byte[] image = TestImages.png(TestImages.gradient(40, 30));
        ImageDecoder.Decoded first = decoder.decode(image, "image", 1);
        assertEquals(40, first.width());
        assertEquals(30, first.height());
        assertSame(first, decoder.decode(image.clone(), "image", 1));

        byte[] other = TestImages.png(TestImages.gradient(41, 30));
        ImageDecoder.Decoded second = decoder.decode(other, "image", 1);
        assertNotSame(first, second);
        assertEquals(41, second.width());
    }

    @Test
    void refusesBrokenUploadsEveryTime() {
        byte[] image = TestImages.png(TestImages.gradient(40, 30));
        byte[] truncated = Arrays.copyOf(image, image.length / 2);
        byte[] text = "not an image at all".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 2; round++) {
            assertThrows(OpenAiException.class, () -> decoder.decode(truncated, "image", 1));
            assertThrows(OpenAiException.class, () -> decoder.decode(text, "image", 1));
        }
    }

    @Test
    void aLargeUploadIsReadSubsampledKeepingItsCanvasSize() {
        byte[] large = TestImages.png(TestImages.gradient(4000, 3000));
        ImageDecoder.Decoded decoded = decoder.decode(large, "image", 1);
        assertEquals(4000, decoded.width());
        assertEquals(3000, decoded.height());
        // One pixel in three along each side: 1334 x 1000 ints, 5 MB, not the 48 MB of every pixel.
        assertEquals(3, decoded.sampling());
        assertEquals(1334, decoded.pixels().getWidth());
        assertEquals(1000, decoded.pixels().getHeight());
        assertEquals(decoded.sampledWidth(), decoded.pixels().getWidth());
        assertEquals(decoded.sampledHeight(), decoded.pixels().getHeight());
    }
}
