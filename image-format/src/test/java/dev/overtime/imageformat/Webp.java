package dev.overtime.imageformat;

import java.nio.charset.StandardCharsets;

/** Builds the first bytes of WebP files for header tests. */
final class Webp {

    private Webp() {
    }

    /** A RIFF/WEBP container whose first chunk is {@code chunk}; its RIFF size is left 0. */
    static byte[] riff(String chunk, byte[] payload) {
        byte[] data = new byte[20 + payload.length];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, data, 0, 4);
        System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, data, 8, 4);
        System.arraycopy(chunk.getBytes(StandardCharsets.US_ASCII), 0, data, 12, 4);
        System.arraycopy(payload, 0, data, 20, payload.length);
        return data;
    }

    /** The same container with its RIFF size set to {@code riffSize}. */
    static byte[] withRiffSize(byte[] webp, long riffSize) {
        byte[] copy = webp.clone();
        for (int i = 0; i < 4; i++) {
            copy[4 + i] = (byte) (riffSize >>> (8 * i));
        }
        return copy;
    }
}
