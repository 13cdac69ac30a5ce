package dev.bridle.access;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/** Host names in the one form rules and checks compare: ASCII (IDNA), lower case, no trailing dot, no brackets. */
public final class HostNames {

    private static final int MAX_LENGTH = 253;

    private HostNames() {}

    /** Lower-cases a host or host glob the way {@link Glob#host} compares them. */
    public static String lower(String host) {
        return host.toLowerCase(Locale.ROOT);
    }

    /**
     * The canonical form of a host name, or empty when it cannot be one (empty, too long, control characters,
     * characters IDNA refuses).
     */
    public static Optional<String> canonical(String host) {
        if (host == null || host.isEmpty() || host.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '@' || c == '%' || c == '#' || c == '?') {
                return Optional.empty();
            }
        }
        if (h.indexOf(':') >= 0) {
            return Optional.of(lower(h));
        }
        if (plainAscii(h)) {
            return Optional.of(lower(h));
        }
        try {
            String ascii = IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES);
            return ascii.isEmpty() ? Optional.empty() : Optional.of(lower(ascii));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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
