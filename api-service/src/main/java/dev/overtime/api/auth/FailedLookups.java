package dev.overtime.api.auth;

import dev.overtime.api.limits.KeyedBuckets;
import dev.overtime.api.limits.TokenBucket;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Failed key lookups per client address, as a token bucket: a client that keeps presenting keys nobody issued runs
 * out, and its further unknown keys are refused without a database lookup. IPv6 clients count by /64, the block one
 * subscriber usually holds, so hopping addresses inside it gains nothing. A key this replica has seen valid is looked
 * up whatever its address did: a client behind the same NAT as a flooder keeps working when its key-cache entry ends.
 */
final class FailedLookups {

    /** Whether a lookup may go ahead, and whether it took one of the address's failures (given back on success). */
    record Reservation(boolean allowed, boolean charged, long retryAfterSeconds) {
    }

    private static final int MAX_ADDRESSES = 100_000;
    private static final int MAX_SEEN_VALID = 100_000;
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[?[0-9A-Fa-f:.]+(%[\\w.-]+)?]?");

    private final KeyedBuckets<String> byAddress;
    private final Set<String> seenValid = ConcurrentHashMap.newKeySet();

    FailedLookups(int perMinute, LongSupplier nanoClock) {
        this.byAddress = new KeyedBuckets<>(perMinute, perMinute / 60.0, MAX_ADDRESSES, nanoClock);
    }

    /** Reserves one failure for a lookup of {@code keyHash} about to be made; report its outcome with the rest. */
    Reservation reserve(String clientAddress, String keyHash) {
        if (seenValid.contains(keyHash)) {
            return new Reservation(true, false, 0);
        }
        TokenBucket.Take take = byAddress.take(blockOf(clientAddress));
        return new Reservation(take.taken(), take.taken(), take.taken() ? 0 : take.retryAfterSeconds());
    }

    /** The key was valid: a failure charged for it goes back, and its later lookups are never throttled. */
    void succeeded(String clientAddress, String keyHash, Reservation reservation) {
        if (reservation.charged()) {
            byAddress.giveBack(blockOf(clientAddress));
        }
        if (seenValid.size() >= MAX_SEEN_VALID) {
            seenValid.clear();
        }
        seenValid.add(keyHash);
    }

    /** The key is not (or no longer) valid. */
    void failed(String keyHash) {
        seenValid.remove(keyHash);
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
