package dev.overtime.worker.inputs;

import java.io.IOException;
import java.io.InputStream;

/** A {@code Transfer-Encoding: chunked} body as plain bytes; chunk extensions and trailers are read and dropped. */
final class ChunkedBody extends InputStream {

    private static final int MAX_LINE = 1024;

    private final InputStream in;
    private long leftInChunk;
    private boolean ended;

    ChunkedBody(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        if (leftInChunk == 0) {
            leftInChunk = nextChunkSize();
            if (leftInChunk == 0) {
                // Trailers, if any, up to the empty line that ends the message.
                while (!HttpHead.readLine(in, MAX_LINE).isEmpty()) {
                    // dropped
                }
                ended = true;
                return -1;
            }
        }
        int n = in.read(buffer, offset, (int) Math.min(length, leftInChunk));
        if (n < 0) {
            throw new IOException("chunked body ended inside a chunk");
        }
        leftInChunk -= n;
        if (leftInChunk == 0 && !HttpHead.readLine(in, MAX_LINE).isEmpty()) {
            throw new IOException("chunk not followed by CRLF");
        }
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = HttpHead.readLine(in, MAX_LINE);
        int extension = line.indexOf(';');
        String size = (extension < 0 ? line : line.substring(0, extension)).trim();
        try {
            long value = Long.parseLong(size, 16);
            if (value < 0) {
                throw new IOException("negative chunk size");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException("invalid chunk size line");
        }
    }
}
