package dev.overtime.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Whether an address is one a caller-chosen URL may never reach: anything in the IANA IPv4 and IPv6 special-purpose
 * address registries (private, loopback, link-local, shared, documentation, benchmarking, reserved, multicast), and
 * every IPv6 form that embeds an IPv4 address (IPv4-compatible, NAT64, 6to4, Teredo), since the IPv4 address inside
 * may be any of those. IPv6 is judged by allow-list: only global unicast (2000::/3) outside its special blocks passes.
 * IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) arrives here as the IPv4 address itself (the JDK converts it).
 */
public final class SpecialPurposeAddresses {

    private static final List<Block> IPV4 = blocks(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16",
            "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4");

    private static final Block IPV6_GLOBAL_UNICAST = Block.of("2000::/3");

    // Inside 2000::/3: IETF protocol assignments (Teredo 2001::/32 among them), documentation, 6to4, documentation.
    private static final List<Block> IPV6_SPECIAL_GLOBAL = blocks("2001::/23", "2001:db8::/32", "2002::/16", "3fff::/20");

    private static final Block IPV6_UNIQUE_LOCAL = Block.of("fc00::/7");

    private SpecialPurposeAddresses() {
    }

    public static boolean contains(InetAddress address) {
        if (address instanceof Inet4Address) {
            return IPV4.stream().anyMatch(block -> block.contains(address));
        }
        if (address instanceof Inet6Address) {
            return !IPV6_GLOBAL_UNICAST.contains(address) || IPV6_SPECIAL_GLOBAL.stream().anyMatch(b -> b.contains(address));
        }
        return true;
    }

    /**
     * Private networks (RFC 1918 and IPv6 unique local {@code fc00::/7}): what a developer's own machine or a test's
     * network uses, admitted only where a setting documented as unsafe for production says so.
     */
    public static boolean isPrivate(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.isSiteLocalAddress();
        }
        return address instanceof Inet6Address && IPV6_UNIQUE_LOCAL.contains(address);
    }

    private static List<Block> blocks(String... cidrs) {
        return java.util.Arrays.stream(cidrs).map(Block::of).toList();
    }

    private record Block(byte[] network, int prefix) {

        static Block of(String cidr) {
            int slash = cidr.indexOf('/');
            try {
                // Literals only: getByName parses them without a DNS lookup.
                return new Block(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                        Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (bytes[whole] & mask) == (network[whole] & mask);
        }
    }
}
