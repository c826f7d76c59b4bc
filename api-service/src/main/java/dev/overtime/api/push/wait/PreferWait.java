package dev.overtime.api.push.wait;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code wait=N} from {@code Prefer} headers (RFC 7240 section 4.3), capped by configuration. */
public final class PreferWait {

    // Compiled once: a regex in String.split would be compiled on every request that asks to wait.
    private static final Pattern SEPARATORS = Pattern.compile("[,;]");

    private PreferWait() {
    }

    /** The wait to honour, if the request asked for a positive one. */
    public static Optional<Duration> parse(String prefer, Duration cap) {
        if (prefer == null) {
            return Optional.empty();
        }
        // Several preferences may share a header: "respond-async, wait=10" or "wait=10; foo".
        for (String token : SEPARATORS.split(prefer)) {
            String[] pair = token.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().toLowerCase(Locale.ROOT).equals("wait")) {
                try {
                    long seconds = Long.parseLong(pair[1].trim().replace("\"", ""));
                    if (seconds <= 0) {
                        return Optional.empty();
                    }
                    Duration asked = Duration.ofSeconds(seconds);
                    return Optional.of(asked.compareTo(cap) > 0 ? cap : asked);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
