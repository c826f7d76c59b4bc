package dev.overtime.simulator.edit;

import dev.overtime.simulator.config.SimulatorConfig;
import dev.overtime.simulator.error.Errors;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns uploaded bytes into pixels, refusing anything that is not really an image. Recently decoded
 * uploads are remembered by their SHA-256 (see {@code overtime.simulator.decode-cache-size}); callers
 * only read the pixels, never change them.
 */
@ApplicationScoped
public class ImageDecoder {

    /** Decoded pixels, or for WebP (which the JDK cannot decode) only the canvas size. */
    public record Decoded(ImageFormat format, int width, int height, BufferedImage pixels) {

        public boolean hasAlpha() {
            return pixels != null && pixels.getColorModel().hasAlpha();
        }
    }

    private final int cacheSize;
    private final Map<String, Decoded> recent;

    public ImageDecoder(SimulatorConfig config) {
        this.cacheSize = config.decodeCacheSize();
        this.recent = new LinkedHashMap<>(32, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Decoded> eldest) {
                return size() > cacheSize;
            }
        };
    }

    public Decoded decode(byte[] bytes, String param, int index) {
        if (cacheSize <= 0) {
            return decodeNow(bytes, param, index);
        }
        String digest = sha256(bytes);
        synchronized (recent) {
            Decoded known = recent.get(digest);
            if (known != null) {
                return known;
            }
        }
        // Refusals are not remembered: they throw before this line.
        Decoded decoded = decodeNow(bytes, param, index);
        synchronized (recent) {
            recent.put(digest, decoded);
        }
        return decoded;
    }

    private Decoded decodeNow(byte[] bytes, String param, int index) {
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

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static RuntimeException undecodable(String param, int index) {
        return Errors.invalidImage(param, "Invalid image file or mode for image " + index
                + ", please check your image file: it could not be decoded.");
    }
}
