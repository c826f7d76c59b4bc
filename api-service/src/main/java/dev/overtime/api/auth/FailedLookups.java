package dev.overtime.api.auth;

import dev.overtime.api.limits.KeyedBuckets;
import dev.overtime.api.limits.TokenBucket;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Failed key lookups per client address, as a token bucket: a client that keeps presenting keys nobody issued runs
 * out, and its further unknown keys are refused without a database lookup. IPv6 clients count by /64, the block one
 * subscriber usually holds, so hopping addresses inside it gains nothing.
 */
final class FailedLookups {

    private static final int MAX_ADDRESSES = 100_000;
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[?[0-9A-Fa-f:.]+(%[\\w.-]+)?]?");

    private final KeyedBuckets<String> byAddress;

    FailedLookups(int perMinute, LongSupplier nanoClock) {
        this.byAddress = new KeyedBuckets<>(perMinute, perMinute / 60.0, MAX_ADDRESSES, nanoClock);
    }

    /**
     * Reserves one failure for a lookup about to be made: empty if allowed (call {@link #succeeded} if the key was
     * valid after all), else how many seconds until the address may try again.
     */
    Optional<Long> reserve(String clientAddress) {
        TokenBucket.Take take = byAddress.take(blockOf(clientAddress));
        return take.taken() ? Optional.empty() : Optional.of(take.retryAfterSeconds());
    }

    void succeeded(String clientAddress) {
        byAddress.giveBack(blockOf(clientAddress));
    }

    static String blockOf(String clientAddress) {
        if (clientAddress == null || clientAddress.indexOf(':') < 0 || !IPV6_LITERAL.matcher(clientAddress).matches()) {
            return String.valueOf(clientAddress);
        }
        try {
            // A literal, so nothing is resolved.
            InetAddress address = InetAddress.getByName(clientAddress.startsWith("[")
                    ? clientAddress.substring(1, clientAddress.length() - 1) : clientAddress);
            if (address instanceof Inet6Address) {
                byte[] bytes = address.getAddress();
                StringBuilder block = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    block.append(String.format("%02x%02x:", bytes[i], bytes[i + 1]));
                }
                return block.append(":/64").toString();
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return clientAddress;
        }
    }
}
