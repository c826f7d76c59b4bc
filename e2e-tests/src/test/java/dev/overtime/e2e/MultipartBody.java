package dev.overtime.e2e;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A multipart/form-data body built in memory, so it goes out with a Content-Length as browsers send FormData. (Rest
 * Assured sends multipart chunked, which the API's upload budget must count as the whole body limit.)
 */
final class MultipartBody {

    private final String boundary = "overtime-" + UUID.randomUUID();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    MultipartBody field(String name, String value) {
        part("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
        bytes.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    MultipartBody file(String name, String filename, String contentType, byte[] content) {
        part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n");
        bytes.writeBytes(content);
        bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** A POST of this body to {@code url}, ready for headers of the caller's own. */
    HttpRequest.Builder post(String url) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(bytes.toByteArray());
        whole.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(whole.toByteArray()));
    }

    private void part(String headers) {
        bytes.writeBytes(("--" + boundary + "\r\n" + headers).getBytes(StandardCharsets.US_ASCII));
    }
}
