package dev.overtime.worker.edit.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} event by event, handing out each event's data as a stream rather than a string:
 * a completed image event is one multi-megabyte {@code data:} line, which must flow into the JSON parser and on
 * to disk, never sit whole in the heap. Follows the WHATWG parsing rules the upstream relies on: lines end in LF,
 * CR or CRLF; several {@code data:} lines join with LF; a blank line ends an event; comments and unknown fields are
 * skipped. Field values other than data are capped, since nothing legitimate sends a long event name.
 */
final class ServerSentEvents {

    private static final int MAX_FIELD_LINE = 8 * 1024;
    private static final int EOF = -1;

    private final InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private Data current;

    ServerSentEvents(InputStream in) {
        this.in = in;
    }

    /** One event: its {@code event:} name as far as it came before the data (or null), and its data. */
    record Event(String name, InputStream data) {
    }

    /** The next event that has data, or null when the stream ended. The previous event's data is skipped. */
    Event next() throws IOException {
        if (current != null) {
            current.skipRest();
            current = null;
        }
        String name = null;
        while (true) {
            int first = peek();
            if (first == EOF) {
                return null;
            }
            if (endOfLine()) {
                name = null;
                continue;
            }
            String field = readFieldName();
            if (field.equals("data")) {
                current = new Data();
                return new Event(name, current);
            }
            String value = readFieldValue();
            if (field.equals("event")) {
                name = value;
            }
        }
    }

    // ---- the byte source

    private int peek() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return EOF;
            }
        }
        return buffer[position] & 0xff;
    }

    private int read() throws IOException {
        int b = peek();
        if (b != EOF) {
            position++;
        }
        return b;
    }

    /** Consumes a line ending (LF, CR or CRLF) if one is next. */
    private boolean endOfLine() throws IOException {
        int b = peek();
        if (b == '\n') {
            position++;
            return true;
        }
        if (b == '\r') {
            position++;
            if (peek() == '\n') {
                position++;
            }
            return true;
        }
        return false;
    }

    /** The field name up to ':' or the end of the line; the colon and one following space are consumed. */
    private String readFieldName() throws IOException {
        StringBuilder name = new StringBuilder();
        while (true) {
            int b = peek();
            if (b == EOF || b == '\n' || b == '\r') {
                return name.toString();
            }
            position++;
            if (b == ':') {
                if (peek() == ' ') {
                    position++;
                }
                return name.toString();
            }
            if (name.length() < MAX_FIELD_LINE) {
                name.append((char) b);
            }
        }
    }

    private String readFieldValue() throws IOException {
        byte[] value = new byte[256];
        int length = 0;
        while (true) {
            if (endOfLine()) {
                break;
            }
            int b = read();
            if (b == EOF) {
                break;
            }
            if (length < MAX_FIELD_LINE) {
                if (length == value.length) {
                    value = java.util.Arrays.copyOf(value, value.length * 2);
                }
                value[length++] = (byte) b;
            }
        }
        return new String(value, 0, length, StandardCharsets.UTF_8);
    }

    /** The data of one event: its data lines joined with LF, ending where the event ends. */
    private final class Data extends InputStream {

        private boolean inLine = true;
        private boolean pendingNewline;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == EOF ? EOF : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (!ended) {
                if (pendingNewline) {
                    pendingNewline = false;
                    target[offset] = '\n';
                    return 1;
                }
                if (inLine) {
                    int b = peek();
                    if (b == EOF) {
                        ended = true;
                        break;
                    }
                    if (b == '\n' || b == '\r') {
                        endOfLine();
                        inLine = false;
                        continue;
                    }
                    // Copy the run of line bytes already buffered in one go.
                    int end = position;
                    int max = Math.min(limit, position + length);
                    while (end < max && buffer[end] != '\n' && buffer[end] != '\r') {
                        end++;
                    }
                    int count = end - position;
                    System.arraycopy(buffer, position, target, offset, count);
                    position = end;
                    return count;
                }
                // Between lines: a blank line ends the event, another data line continues it, others are skipped.
                int b = peek();
                if (b == EOF || endOfLine()) {
                    ended = true;
                    break;
                }
                String field = readFieldName();
                if (field.equals("data")) {
                    inLine = true;
                    pendingNewline = true;
                } else {
                    readFieldValue();
                }
            }
            return EOF;
        }

        // A JSON parser closes its source when it is done; the connection stays with the event reader.
        @Override
        public void close() throws IOException {
            skipRest();
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) != EOF) {
                // discard
            }
        }
    }
}
