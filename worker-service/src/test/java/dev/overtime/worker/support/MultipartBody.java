package dev.overtime.worker.support;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a recorded multipart/form-data body into its parts, byte for byte, so tests see exactly what went over
 * the wire (WireMock's admin API does not return parsed parts).
 */
public final class MultipartBody {

    /** One part: its form field name, filename (null for text fields), headers (lower-case names) and bytes. */
    public record Part(String name, String filename, Map<String, String> headers, byte[] body) {
        public String contentType() {
            return headers.get("content-type");
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    private MultipartBody() {
    }

    public static List<Part> parts(LoggedRequest request) {
        Matcher boundary = BOUNDARY.matcher(request.getHeader("Content-Type"));
        if (!boundary.find()) {
            throw new IllegalArgumentException("not multipart: " + request.getHeader("Content-Type"));
        }
        // ISO-8859-1 maps every byte to one char, so string offsets are byte offsets.
        String body = new String(request.getBody(), StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(1);
        List<Part> parts = new ArrayList<>();
        int start = body.indexOf(delimiter);
        while (start >= 0) {
            int contentStart = start + delimiter.length();
            if (body.startsWith("--", contentStart)) {
                break;
            }
            int next = body.indexOf("\r\n" + delimiter, contentStart);
            if (next < 0) {
                break;
            }
            String raw = body.substring(contentStart + 2, next);
            int headerEnd = raw.indexOf("\r\n\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : raw.substring(0, headerEnd).split("\r\n")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            String disposition = headers.getOrDefault("content-disposition", "");
            Matcher name = NAME.matcher(disposition);
            Matcher filename = FILENAME.matcher(disposition);
            parts.add(new Part(name.find() ? name.group(1) : null, filename.find() ? filename.group(1) : null,
                    headers, raw.substring(headerEnd + 4).getBytes(StandardCharsets.ISO_8859_1)));
            start = next + 2;
        }
        return parts;
    }

    public static List<Part> named(LoggedRequest request, String name) {
        return parts(request).stream().filter(part -> name.equals(part.name())).toList();
    }
}
