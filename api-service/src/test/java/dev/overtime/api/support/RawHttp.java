package dev.overtime.api.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One raw TCP connection to the API, for what HTTP clients will not do: send half a head, trickle bytes, or stop
 * sending a body they announced. Reads are bounded by a timeout, so a test can never hang on one.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final long openedNanos = System.nanoTime();

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    public static RawHttp connect(URL base) {
        try {
            return new RawHttp(new Socket(base.getHost(), base.getPort()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends text as is; false if the server had closed the connection already. */
    public boolean send(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads until the server closes the connection or {@code within} passes: what it sent, and whether it closed.
     */
    public Received readUntilClosed(Duration within) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + within.toNanos();
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return new Received(received.toString(StandardCharsets.ISO_8859_1), false, elapsed());
                }
                socket.setSoTimeout((int) left);
                int read;
                try {
                    read = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (read < 0) {
                    return new Received(received.toString(StandardCharsets.ISO_8859_1), true, elapsed());
                }
                received.write(buffer, 0, read);
            }
        } catch (IOException reset) {
            return new Received(received.toString(StandardCharsets.ISO_8859_1), true, elapsed());
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - openedNanos);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }

    /** What came back on a connection, whether the server closed it, and when (from the connection's opening). */
    public record Received(String text, boolean closed, Duration at) {

        public int status() {
            if (!text.startsWith("HTTP/1.1 ")) {
                return -1;
            }
            return Integer.parseInt(text.substring(9, 12));
        }

        public boolean hasHeader(String name, String value) {
            String head = text.contains("\r\n\r\n") ? text.substring(0, text.indexOf("\r\n\r\n")) : text;
            return head.toLowerCase().contains("\r\n" + name.toLowerCase() + ": " + value.toLowerCase());
        }
    }
}
