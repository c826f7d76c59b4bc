package dev.overtime.api.imageedit.service;

import dev.overtime.api.imageedit.validation.FormPart;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The Idempotency-Key fingerprint tells different requests apart, however their bytes are arranged. */
class RequestFingerprintTest {

    private static final byte[] PHOTO = "photo-bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MASK = "mask-bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSameRequestInAnotherPartOrderHashesEqual() {
        List<FormPart> request = List.of(file("image", PHOTO), file("mask", MASK), text("prompt", "orange"));
        List<FormPart> reordered = List.of(text("prompt", "orange"), file("mask", MASK), file("image", PHOTO));

        assertEquals(Fingerprints.ofRequest(request), Fingerprints.ofRequest(reordered));
    }

    @Test
    void oneImageHoldingAnImageAndAMaskIsNotAnImageWithAMask() {
        // Crafted so that, were files only terminated rather than length-prefixed, both would feed the digest the
        // same bytes: the photo, a separator, then the mask part's prefixed name and bytes.
        List<FormPart> withMask = List.of(file("image", PHOTO), file("mask", MASK));
        byte[] both = concat(PHOTO, new byte[]{0}, prefixed("mask".getBytes(StandardCharsets.UTF_8)), MASK);
        List<FormPart> oneImage = List.of(file("image", both));

        assertNotEquals(Fingerprints.ofRequest(withMask), Fingerprints.ofRequest(oneImage));
    }

    @Test
    void aFieldAndAFileWithTheSameNameAndBytesDiffer() {
        assertNotEquals(Fingerprints.ofRequest(List.of(text("prompt", "orange"))),
                Fingerprints.ofRequest(List.of(file("prompt", "orange".getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void movingACharacterBetweenFieldsChangesTheFingerprint() {
        assertNotEquals(Fingerprints.ofRequest(List.of(text("prompt", "ab"), text("size", "c"))),
                Fingerprints.ofRequest(List.of(text("prompt", "a"), text("size", "bc"))));
    }

    private static byte[] prefixed(byte[] value) {
        return concat(ByteBuffer.allocate(8).putLong(value.length).array(), value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static FormPart file(String name, byte[] bytes) {
        return new Part(name, "upload.png", null, bytes);
    }

    private static FormPart text(String name, String value) {
        return new Part(name, null, value, null);
    }

    private record Part(String name, String filename, String text, byte[] bytes) implements FormPart {
        @Override
        public boolean isFile() {
            return filename != null;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public java.nio.file.Path path() {
            throw new UnsupportedOperationException("a request fingerprint streams parts through open()");
        }
    }
}
