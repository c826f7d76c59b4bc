package dev.overtime.simulator.edit;

import dev.overtime.simulator.error.Errors;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Turns uploaded bytes into pixels, refusing anything that is not really an image. */
@ApplicationScoped
public class ImageDecoder {

    /** Decoded pixels, or for WebP (which the JDK cannot decode) only the canvas size. */
    public record Decoded(ImageFormat format, int width, int height, BufferedImage pixels) {

        public boolean hasAlpha() {
            return pixels != null && pixels.getColorModel().hasAlpha();
        }
    }

    public Decoded decode(byte[] bytes, String param, int index) {
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> Errors.invalidImage(param,
                "Invalid image file or mode for image " + index
                        + ", please check your image file. Supported file formats are 'image/jpeg', 'image/png',"
                        + " and 'image/webp'."));
        if (format == ImageFormat.WEBP) {
            var size = WebpDimensions.read(bytes).orElseThrow(() -> undecodable(param, index));
            return new Decoded(format, size.width, size.height, null);
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw undecodable(param, index);
        }
        if (image == null) {
            throw undecodable(param, index);
        }
        return new Decoded(format, image.getWidth(), image.getHeight(), image);
    }

    private static RuntimeException undecodable(String param, int index) {
        return Errors.invalidImage(param, "Invalid image file or mode for image " + index
                + ", please check your image file: it could not be decoded.");
    }
}
