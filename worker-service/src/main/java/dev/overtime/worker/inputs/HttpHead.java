package dev.overtime.worker.inputs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reads an HTTP/1.x response's status line and headers, within a byte budget a hostile server can't stretch. */
final class HttpHead {

    private HttpHead() {
    }

    static int readStatus(InputStream in) throws IOException {
        String line = readLine(in, ImageUrlFetcher.MAX_HEADER_BYTES);
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line");
        }
        try {
            int status = Integer.parseInt(parts[1]);
            if (status < 100 || status > 599) {
                throw new IOException("status " + status + " out of range");
            }
            return status;
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.x status line");
        }
    }

    /** Header names lower-cased; a repeated header keeps its values comma-joined, as HTTP allows. */
    static Map<String, String> readHeaders(InputStream in, int maxBytes) throws IOException {
        Map<String, String> headers = new HashMap<>();
        int budget = maxBytes;
        for (String line = readLine(in, budget); !line.isEmpty(); line = readLine(in, budget)) {
            budget -= line.length() + 2;
            if (budget <= 0) {
                throw new IOException("response headers larger than " + maxBytes + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        return headers;
    }

    static String readLine(InputStream in, int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed before the response head ended");
            }
            if (line.size() >= max) {
                throw new IOException("response line longer than " + max + " bytes");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
