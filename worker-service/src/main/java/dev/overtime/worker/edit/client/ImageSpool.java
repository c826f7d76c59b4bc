package dev.overtime.worker.edit.client;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Where one call's decoded images wait between the upstream's answer and the object store: files in a directory of
 * their own, never the heap. The base64 text is decoded as it streams in, so the heap holds the parser's buffers
 * whatever the image size. Closing the spool deletes whatever is left in it.
 */
public final class ImageSpool implements AutoCloseable {

    /**
     * Far above any image OpenAI returns (a 1536x1024 PNG is a few MB); an answer past it is a broken or hostile
     * upstream, refused before it fills the disk.
     */
    static final long MAX_IMAGE_BYTES = 64L * 1024 * 1024;

    private final Path dir;
    private final AtomicInteger files = new AtomicInteger();

    private ImageSpool(Path dir) {
        this.dir = dir;
    }

    /** A fresh spool under the JVM's temporary directory ({@code java.io.tmpdir}). */
    public static ImageSpool create() {
        try {
            return new ImageSpool(Files.createTempDirectory("overtime-edit-"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a spool directory for upstream images", e);
        }
    }

    /** Writes what {@code writer} produces to a new file, counting and digesting on the way. */
    SpooledImage write(Writer writer) throws IOException {
        Path file = dir.resolve("image-" + files.incrementAndGet());
        MessageDigest sha256 = sha256();
        try (CappedOutputStream capped = new CappedOutputStream(Files.newOutputStream(file));
             OutputStream out = new DigestOutputStream(capped, sha256)) {
            writer.writeTo(out);
            out.flush();
            return new SpooledImage(file, capped.count, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Deletes one image once it is stored; the rest go when the spool is closed. */
    public void delete(SpooledImage image) {
        try {
            Files.deleteIfExists(image.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path directory() {
        return dir;
    }

    @Override
    public void close() {
        try (Stream<Path> left = Files.list(dir)) {
            for (Path file : left.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not clean the spool " + dir, e);
        }
    }

    @FunctionalInterface
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Thrown when one image passes {@link #MAX_IMAGE_BYTES}. */
    static final class ImageTooLargeException extends IOException {
        ImageTooLargeException() {
            super("the upstream returned an image larger than " + MAX_IMAGE_BYTES + " bytes");
        }
    }

    private static final class CappedOutputStream extends FilterOutputStream {
        private long count;

        CappedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            grow(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            grow(len);
            out.write(b, off, len);
        }

        private void grow(int by) throws IOException {
            count += by;
            if (count > MAX_IMAGE_BYTES) {
                throw new ImageTooLargeException();
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
