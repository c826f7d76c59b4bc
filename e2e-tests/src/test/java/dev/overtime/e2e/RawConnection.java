package dev.overtime.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One raw TCP connection to a service, for what HTTP clients won't do: half a head, a body announced and withheld. */
final class RawConnection implements AutoCloseable {

    /** What came back, whether the server closed the connection, and when (from the connection's opening). */
    record Received(String text, boolean closed, Duration at) {
        int status() {
            return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
        }

        boolean hasHeader(String name, String value) {
            int end = text.indexOf("\r\n\r\n");
            String head = (end >= 0 ? text.substring(0, end) : text).toLowerCase();
            return head.contains("\r\n" + name.toLowerCase() + ": " + value.toLowerCase());
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final long openedNanos = System.nanoTime();

    RawConnection(String baseUrl) {
        URI uri = URI.create(baseUrl);
        try {
            this.socket = new Socket(uri.getHost(), uri.getPort());
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** False if the server had closed the connection already. */
    boolean send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    boolean send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads until the server closes the connection or {@code within} passes. */
    Received readUntilClosed(Duration within) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + within.toNanos();
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return received(received, false);
                }
                socket.setSoTimeout((int) left);
                int read;
                try {
                    read = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (read < 0) {
                    return received(received, true);
                }
                received.write(buffer, 0, read);
            }
        } catch (IOException reset) {
            return received(received, true);
        }
    }

    private Received received(ByteArrayOutputStream bytes, boolean closed) {
        return new Received(bytes.toString(StandardCharsets.ISO_8859_1), closed,
                Duration.ofNanos(System.nanoTime() - openedNanos));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // a test's own socket
        }
    }
}
