package dev.overtime.api.imageedit.validation;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks the shape of an image URL at submit ({@code image_url}, {@code mask_url}): http or https, a host, no
 * credentials, at most {@value #MAX_LENGTH} characters. Where the host resolves to is judged by the worker when it
 * fetches (the shared {@code common.net.AddressPolicy}): resolving here would hold the request on a slow DNS server,
 * and the answer could change before the fetch anyway.
 */
final class ImageUrls {

    static final String IMAGE_URL = "image_url";
    static final String MASK_URL = "mask_url";
    static final int MAX_LENGTH = 2048;

    private ImageUrls() {
    }

    /** The URL as it will be fetched (normalised, fragment dropped), or a 400 naming {@code param}. */
    static String check(FormPart part, String param) {
        if (part.isFile()) {
            throw invalid(param + " must be a text field holding a URL, not a file.", param);
        }
        String text = part.text() == null ? "" : part.text().trim();
        if (text.isEmpty()) {
            throw invalid(param + " must not be empty.", param);
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid(param + " is longer than " + MAX_LENGTH + " characters.", param);
        }
        URI uri;
        try {
            uri = new URI(text).normalize();
        } catch (URISyntaxException e) {
            throw invalid(param + " is not a valid URL.", param);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid(param + " must be an https (or http) URL.", param);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(param + " must name a host.", param);
        }
        if (uri.getRawUserInfo() != null) {
            // Credentials in a URL end up in logs and Referer headers; an image host that needs them is not public.
            throw invalid(param + " must not carry credentials.", param);
        }
        return withoutFragment(uri);
    }

    private static String withoutFragment(URI uri) {
        String whole = uri.toString();
        int hash = whole.indexOf('#');
        return hash < 0 ? whole : whole.substring(0, hash);
    }

    private static ApiException invalid(String message, String param) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message, param);
    }
}
