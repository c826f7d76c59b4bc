package dev.overtime.api.push.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * A webhook URL and the addresses its host resolved to when the policy vetted them. The sender connects to these
 * and never resolves the host again, so a DNS answer that changes between check and connect can't move the call.
 */
record VettedUrl(URI uri, List<InetAddress> addresses) {

    VettedUrl {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a vetted URL has at least one address");
        }
    }

    boolean https() {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    /** The host for the Host header, SNI and certificate checks: brackets of an IPv6 literal removed. */
    String host() {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    int port() {
        return uri.getPort() != -1 ? uri.getPort() : https() ? 443 : 80;
    }

    /** What the Host header says: the URL's own host, with the port only when it isn't the scheme's default. */
    String hostHeader() {
        return uri.getPort() == -1 || uri.getPort() == (https() ? 443 : 80) ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** The request target: path and query as written, {@code /} when there is no path. */
    String target() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
