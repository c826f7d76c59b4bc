package dev.overtime.simulator.edit;

import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Encodes an output image in the requested format. */
@ApplicationScoped
public class ImageEncoder {

    /**
     * Known gap: the JDK's ImageIO has no WebP writer, so {@code webp} answers carry PNG bytes
     * (the response still says {@code "output_format":"webp"}, as the request asked).
     */
    public byte[] encode(BufferedImage image, String outputFormat, int compression) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight());
            if (outputFormat.equals("jpeg")) {
                writeJpeg(image, compression, out);
            } else {
                ImageIO.write(image, "png", out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the output image", e);
        }
    }

    private static void writeJpeg(BufferedImage image, int compression, ByteArrayOutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            // OpenAI's output_compression is a 0-100 quality percentage; ImageIO wants 0.0-1.0.
            param.setCompressionQuality(Math.max(0.01f, compression / 100f));
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
