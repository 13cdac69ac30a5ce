package dev.bridle.access;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/** The address ranges an HTTP tool must not reach unless a host is explicitly allowed to be private. */
public final class AddressRanges {

    private AddressRanges() {}

    /**
     * The name of the special range the address falls in, or empty for a public address. IPv4 addresses mapped or
     * embedded in IPv6 ({@code ::ffff:a.b.c.d}, {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}) are judged by their
     * IPv4 part.
     */
    public static Optional<String> special(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            byte[] embedded = embeddedIpv4(b);
            if (embedded != null) {
                return ipv4(embedded);
            }
            int first = b[0] & 0xff;
            if (address.isLoopbackAddress()) {
                return Optional.of("loopback ::1");
            }
            if (address.isAnyLocalAddress()) {
                return Optional.of("unspecified ::");
            }
            if ((first & 0xfe) == 0xfc) {
                return Optional.of("unique local fc00::/7");
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
                return Optional.of("link-local fe80::/10");
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return Optional.of("site-local fec0::/10");
            }
            if (first == 0xff) {
                return Optional.of("multicast ff00::/8");
            }
            return Optional.empty();
        }
        return address instanceof Inet4Address ? ipv4(b) : Optional.of("unknown address family");
    }

    private static byte[] embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0
                && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1));
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (mapped || compatible || nat64) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        return null;
    }

    private static Optional<String> ipv4(byte[] b) {
        int a = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (a == 127) {
            return Optional.of("loopback 127.0.0.0/8");
        }
        if (a == 10) {
            return Optional.of("private 10.0.0.0/8");
        }
        if (a == 172 && second >= 16 && second <= 31) {
            return Optional.of("private 172.16.0.0/12");
        }
        if (a == 192 && second == 168) {
            return Optional.of("private 192.168.0.0/16");
        }
        if (a == 169 && second == 254) {
            return Optional.of("link-local 169.254.0.0/16");
        }
        if (a == 0) {
            return Optional.of("this network 0.0.0.0/8");
        }
        if (a == 100 && second >= 64 && second <= 127) {
            return Optional.of("shared 100.64.0.0/10");
        }
        if (a == 192 && second == 0 && (b[2] & 0xff) == 0) {
            return Optional.of("protocol assignments 192.0.0.0/24");
        }
        if (a == 198 && (second == 18 || second == 19)) {
            return Optional.of("benchmarking 198.18.0.0/15");
        }
        if (a >= 224) {
            return Optional.of(a < 240 ? "multicast 224.0.0.0/4" : "reserved 240.0.0.0/4");
        }
        return Optional.empty();
    }
}
