package dev.bridle.access;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * A host and port in the one canonical form that rules, checks, {@code bridle explain} and events use.
 *
 * <p>The host is lower case; a name is ASCII (IDNA) without a trailing dot; an IPv4 address is dotted decimal, whatever
 * the encoding it was written in ({@code 127.1}, {@code 2130706433}, {@code 0x7f.0.0.1} and {@code 0177.0.0.1} are
 * all {@code 127.0.0.1}, read as {@code inet_aton} and browsers read them, so that no resolver sees another address
 * than the one checked); an IPv6 address is in brackets in its RFC 5952 short form ({@code [::1]}), and one that
 * maps an IPv4 address ({@code [::ffff:127.0.0.1]}) is that IPv4 address, as the JDK connects to it. The port is
 * there only when it is not the default of the URL's scheme: {@code docs.example.com}, {@code 127.0.0.1:8080},
 * {@code [::1]:8080}.
 *
 * @param host the canonical host
 * @param port the port, or {@link #DEFAULT} for the scheme's default port
 */
public record HostPort(String host, int port) {

    /** The port of a host written without one: the scheme's default (80 for http, 443 for https). */
    public static final int DEFAULT = -1;

    private static final int MAX_LENGTH = 253;

    @Override
    public String toString() {
        return port == DEFAULT ? host : host + ":" + port;
    }

    /** Whether the host is an IP address rather than a name. */
    public boolean isAddress() {
        return host.startsWith("[") || isIpv4(host);
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 address, or answers
     * empty when the text is no usable host: empty, too long, with user information, control or URL delimiter
     * characters, an IPv6 zone, a port out of range, labels IDNA refuses, or a last label that is a number but the
     * whole is no IPv4 address ({@code 256.1.1.1}, {@code 08.0.0.1}).
     */
    public static Optional<HostPort> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH + 8) {
            return Optional.empty();
        }
        String host = text;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = text.substring(0, close + 1);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && colon == text.lastIndexOf(':')) {
                host = text.substring(0, colon);
                portText = text.substring(colon + 1);
            } else if (colon >= 0) {
                host = "[" + text + "]";
            }
        }
        int port = DEFAULT;
        if (portText != null) {
            port = port(portText);
            if (port < 0) {
                return Optional.empty();
            }
        }
        int p = port;
        return canonicalHost(host).map(h -> new HostPort(h, p));
    }

    /** The port as a number from 1 to 65535, or -1 when the text is not one. */
    static int port(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value >= 1 && value <= 65535 ? value : -1;
    }

    /** The canonical form of a host without a port, or empty when it is none. */
    static Optional<String> canonicalHost(String host) {
        if (host.isEmpty() || host.length() > MAX_LENGTH + 2) {
            return Optional.empty();
        }
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                return Optional.empty();
            }
            return ipv6(host.substring(1, host.length() - 1));
        }
        // The dots IDNA maps to '.' (ideographic, fullwidth, halfwidth) count as dots before anything is judged.
        String dotted = host.replace('\u3002', '.').replace('\uff0e', '.').replace('\uff61', '.');
        String h = dotted.endsWith(".") ? dotted.substring(0, dotted.length() - 1) : dotted;
        if (h.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c <= 0x20 || c == 0x7f || "/\\@%#?:[]<>^|\"'`{}".indexOf(c) >= 0) {
                return Optional.empty();
            }
        }
        String lastLabel = h.substring(h.lastIndexOf('.') + 1);
        if (looksNumeric(lastLabel)) {
            // a host ending in a number is an IPv4 address or nothing: resolvers would read it as one
            return ipv4(h);
        }
        if (plainAscii(h)) {
            return Optional.of(h.toLowerCase(Locale.ROOT));
        }
        try {
            String ascii = IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES);
            if (ascii.isEmpty() || ascii.length() > MAX_LENGTH) {
                return Optional.empty();
            }
            String lower = ascii.toLowerCase(Locale.ROOT);
            return looksNumeric(lower.substring(lower.lastIndexOf('.') + 1)) ? ipv4(lower) : Optional.of(lower);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean looksNumeric(String label) {
        if (label.isEmpty()) {
            return false;
        }
        if (label.startsWith("0x") || label.startsWith("0X")) {
            for (int i = 2; i < label.length(); i++) {
                if (Character.digit(label.charAt(i), 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < label.length(); i++) {
            if (label.charAt(i) < '0' || label.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** An IPv4 address in any of the inet_aton forms: one to four parts, each decimal, octal (0…) or hex (0x…). */
    private static Optional<String> ipv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            long v = number(parts[i]);
            if (v < 0) {
                return Optional.empty();
            }
            values[i] = v;
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
            address = (address << 8) | values[i];
        }
        int restBytes = 5 - parts.length;
        long last = values[parts.length - 1];
        if (last >= (1L << (8 * restBytes))) {
            return Optional.empty();
        }
        address = (address << (8 * restBytes)) | last;
        return Optional.of(((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "." + ((address >> 8) & 0xff)
                + "." + (address & 0xff));
    }

    /** One part of an IPv4 address, or -1; values are capped well above 2^32 so that long never overflows. */
    private static long number(String part) {
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return 0;
            }
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty() || digits.length() > 12) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            value = value * radix + d;
        }
        return value;
    }

    private static Optional<String> ipv6(String literal) {
        if (literal.indexOf(':') < 0 || literal.length() > 45) {
            return Optional.empty();
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return Optional.empty();
            }
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return switch (address) {
            case Inet4Address v4 -> Optional.of(v4.getHostAddress());
            case Inet6Address v6 -> Optional.of("[" + shortForm(v6.getAddress()) + "]");
            default -> Optional.empty();
        };
    }

    /** RFC 5952: lower-case hex groups without leading zeros, the longest run of two or more zero groups as ::. */
    static String shortForm(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static boolean isIpv4(String host) {
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** Letters, digits and hyphens in non-empty labels of at most 63 characters: what IDNA would leave as it is. */
    private static boolean plainAscii(String h) {
        int label = 0;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c == '.') {
                if (label == 0) {
                    return false;
                }
                label = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                if (++label > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return label > 0;
    }
}
