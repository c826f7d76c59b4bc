package dev.overtime.simulator.edit;

import dev.overtime.imageformat.ImageFormat;
import dev.overtime.imageformat.WebpHeader;
import dev.overtime.simulator.config.SimulatorConfig;
import dev.overtime.simulator.error.Errors;
import dev.overtime.simulator.error.OpenAiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Turns uploaded bytes into pixels, refusing anything that is not really an image. */
// Recently decoded uploads are remembered by their SHA-256, within overtime.simulator.decode-cache bytes;
// callers only read the pixels, never change them.
@ApplicationScoped
public class ImageDecoder {

    /**
     * Past this many pixels on a side, an upload is decoded subsampled: no output is larger, and a 4000x4000 photo
     * decoded whole is 64 MB of pixels before the edit copies them (a few of those at once were the simulator's heap).
     */
    public static final int MAX_DECODED_SIDE = EditPlan.LARGEST_OUTPUT_SIDE;

    /**
     * The upload's own canvas size, and its pixels (for WebP, which the JDK cannot decode, none), read one pixel in
     * every {@link #sampling()} along each side.
     */
    public record Decoded(ImageFormat format, int width, int height, BufferedImage pixels) {

        public boolean hasAlpha() {
            return pixels != null && pixels.getColorModel().hasAlpha();
        }

        /** 1 when every pixel was read; else the step, the same for every upload of this canvas size. */
        public int sampling() {
            return samplingFor(width, height);
        }

        public int sampledWidth() {
            return ceilDiv(width, sampling());
        }

        public int sampledHeight() {
            return ceilDiv(height, sampling());
        }
    }

    static int samplingFor(int width, int height) {
        return Math.max(1, ceilDiv(Math.max(width, height), MAX_DECODED_SIDE));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private final long cacheBytes;
    private final LinkedHashMap<String, Decoded> recent = new LinkedHashMap<>(32, 0.75f, true);
    private long cachedBytes;

    @Inject
    public ImageDecoder(SimulatorConfig config) {
        this(config.decodeCache().asLongValue());
    }

    ImageDecoder(long cacheBytes) {
        this.cacheBytes = cacheBytes;
    }

    public Decoded decode(byte[] bytes, String param, int index) {
        if (cacheBytes <= 0) {
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
        remember(digest, decoded);
        return decoded;
    }

    private void remember(String digest, Decoded decoded) {
        long size = sizeOf(decoded);
        if (size > cacheBytes / 4) {
            return;
        }
        synchronized (recent) {
            Decoded previous = recent.put(digest, decoded);
            cachedBytes += size - (previous == null ? 0 : sizeOf(previous));
            Iterator<Map.Entry<String, Decoded>> eldest = recent.entrySet().iterator();
            while (cachedBytes > cacheBytes && eldest.hasNext()) {
                cachedBytes -= sizeOf(eldest.next().getValue());
                eldest.remove();
            }
        }
    }

    /** Bytes the decoded pixels hold. */
    static long sizeOf(Decoded decoded) {
        if (decoded.pixels() == null) {
            return 0;
        }
        DataBuffer buffer = decoded.pixels().getRaster().getDataBuffer();
        return (long) buffer.getSize() * buffer.getNumBanks() * DataBuffer.getDataTypeSize(buffer.getDataType()) / 8;
    }

    /** How many decoded uploads are remembered now; for tests. */
    int remembered() {
        synchronized (recent) {
            return recent.size();
        }
    }

    private Decoded decodeNow(byte[] bytes, String param, int index) {
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> Errors.invalidImage(param,
                "Invalid image file or mode for image " + index
                        + ", please check your image file. Supported file formats are 'image/jpeg', 'image/png',"
                        + " and 'image/webp'."));
        if (format == ImageFormat.WEBP) {
            WebpHeader header = WebpHeader.read(bytes).orElseThrow(() -> undecodable(param, index));
            return new Decoded(format, header.width(), header.height(), null);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw undecodable(param, index);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // The header gives the canvas; the pixels are read subsampled when it is large.
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                ImageReadParam sampled = reader.getDefaultReadParam();
                int step = samplingFor(width, height);
                sampled.setSourceSubsampling(step, step, 0, 0);
                return new Decoded(format, width, height, reader.read(0, sampled));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof OpenAiException refused) {
                throw refused;
            }
            throw undecodable(param, index);
        }
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
