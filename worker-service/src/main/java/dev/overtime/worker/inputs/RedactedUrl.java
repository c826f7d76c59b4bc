package dev.overtime.worker.inputs;

import java.net.URI;

/**
 * A URL as logs and error messages show it: scheme, host, port and path, never the query. Presigned links carry
 * their signature (a credential) in the query, and the job's error message is shown to whoever reads the job.
 */
public final class RedactedUrl {

    private RedactedUrl() {
    }

    public static String of(URI uri) {
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String shown = uri.getScheme() + "://" + uri.getHost() + port + path;
        return shown.length() > 200 ? shown.substring(0, 197) + "..." : shown;
    }

    public static String of(String url) {
        try {
            return of(URI.create(url));
        } catch (IllegalArgumentException e) {
            return "(an invalid URL)";
        }
    }
}
