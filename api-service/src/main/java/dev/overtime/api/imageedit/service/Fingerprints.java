package dev.overtime.api.imageedit.service;

import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.api.imageedit.validation.FormPart;
import dev.overtime.api.imageedit.validation.UploadedImage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 fingerprints: of a whole request (for Idempotency-Key) and of an edit's inputs (for result reuse). */
public final class Fingerprints {

    private static final byte FILE = 'F';
    private static final byte TEXT = 'T';

    private Fingerprints() {
    }

    /**
     * Every part's name, kind and content, files by their bytes (file names do not count), in a canonical order, so
     * the same request sent again hashes equal and any changed field or byte does not. Every element is
     * length-prefixed, so no two different requests (one image plus a mask, say, and one image holding both
     * files' bytes) feed the digest the same sequence. Files stream through in chunks: never held whole.
     */
    static String ofRequest(List<? extends FormPart> parts) {
        MessageDigest digest = sha256();
        List<? extends FormPart> ordered = parts.stream()
                .sorted(Comparator.comparing(FormPart::name))
                .toList();
        try {
            for (FormPart part : ordered) {
                field(digest, part.name());
                if (part.isFile()) {
                    digest.update(FILE);
                    streamed(digest, part);
                } else {
                    digest.update(TEXT);
                    field(digest, part.text());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** What decides the upstream's output: model, parameters and input bytes; not the end user or options. */
    public static String ofInputs(EditRequest request) {
        MessageDigest digest = sha256();
        for (Object value : new Object[]{request.model(), request.prompt(), request.n(), request.size(),
                request.quality(), request.background(), request.outputFormat(), request.outputCompression(),
                request.inputFidelity()}) {
            field(digest, value == null ? null : value.toString());
        }
        // The SHA-256 each upload already has stands for its bytes: no second read of the files.
        for (UploadedImage image : request.images()) {
            field(digest, image.sha256());
        }
        field(digest, request.mask() == null ? null : request.mask().sha256());
        // A URL stands for what it serves, as the worker's URL cache treats it within its TTL. Appended only when
        // there are URLs, so an upload-only request hashes as it did before URLs existed (reuse keeps working).
        if (!request.imageUrls().isEmpty() || request.maskUrl() != null) {
            field(digest, "urls");
            for (String url : request.imageUrls()) {
                field(digest, url);
            }
            field(digest, request.maskUrl());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // Length-prefixed, so ("ab","c") and ("a","bc") never collide; null is distinct from "".
    private static void field(MessageDigest digest, String value) {
        bytes(digest, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(MessageDigest digest, byte[] value) {
        digest.update(ByteBuffer.allocate(8).putLong(value == null ? -1 : value.length).array());
        if (value != null) {
            digest.update(value);
        }
    }

    private static void streamed(MessageDigest digest, FormPart file) throws IOException {
        long size = file.size();
        digest.update(ByteBuffer.allocate(8).putLong(size).array());
        long read = 0;
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = file.open()) {
            for (int n; (n = in.read(chunk)) > 0; read += n) {
                digest.update(chunk, 0, n);
            }
        }
        if (read != size) {
            throw new IOException("part " + file.name() + " changed while it was read: " + read + " of " + size + " bytes");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
