package dev.overtime.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The one SSRF rule for URLs a caller chooses and Overtime calls (webhook receivers in the API, image inputs in the
 * worker): resolve the host once and admit it only if every address it resolves to is allowed; the caller then
 * connects to exactly these addresses and never resolves the host again, so a DNS answer that changes between the
 * check and the connect can't move the call. Allowed means public ({@link SpecialPurposeAddresses}) unless
 * {@link Admit} widens it for a local stack or a test. JDK types only, like {@code common.db.DatabaseOutage}.
 */
public final class AddressPolicy {

    /** How far beyond public addresses a deployment lets calls go. */
    public enum Admit {
        /** Production: public addresses only. */
        PUBLIC,
        /** Also loopback (a local stack's webhook receiver). */
        LOOPBACK,
        /** Also loopback and private networks (RFC 1918, fc00::/7): local testing only, never production. */
        LOOPBACK_AND_PRIVATE
    }

    /** Why a host was refused; the first address that decided it is named. */
    public enum Reason {
        UNRESOLVED, LOOPBACK, SPECIAL_PURPOSE
    }

    /** A host the policy refused, and why. */
    public static final class RefusedAddress extends Exception {

        private final Reason reason;
        private final String host;

        RefusedAddress(Reason reason, String host, InetAddress address) {
            super(reason == Reason.UNRESOLVED ? "host " + host + " does not resolve"
                    : "host " + host + " resolves to " + address.getHostAddress() + ", "
                    + (reason == Reason.LOOPBACK ? "a loopback address" : "a private or special-purpose address"));
            this.reason = reason;
            this.host = host;
        }

        public Reason reason() {
            return reason;
        }

        public String host() {
            return host;
        }
    }

    private AddressPolicy() {
    }

    /** Resolves {@code host} once (an IP literal without DNS) and returns its addresses if every one is allowed. */
    public static List<InetAddress> resolve(String host, Admit admit) throws RefusedAddress {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(unbracketed(host));
        } catch (UnknownHostException e) {
            throw new RefusedAddress(Reason.UNRESOLVED, host, null);
        }
        for (InetAddress address : addresses) {
            Reason refused = judge(address, admit);
            if (refused != null) {
                throw new RefusedAddress(refused, host, address);
            }
        }
        return List.of(addresses);
    }

    /** Null when {@code address} may be called under {@code admit}, else why not. */
    public static Reason judge(InetAddress address, Admit admit) {
        if (address.isLoopbackAddress()) {
            return admit == Admit.PUBLIC ? Reason.LOOPBACK : null;
        }
        if (admit == Admit.LOOPBACK_AND_PRIVATE && SpecialPurposeAddresses.isPrivate(address)) {
            return null;
        }
        return SpecialPurposeAddresses.contains(address) ? Reason.SPECIAL_PURPOSE : null;
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
