package dev.bridle.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@code http} or {@code https} URL taken apart into what the checks decide on: the scheme and the canonical
 * {@link HostPort}. The URL sent is rebuilt from these parts ({@link #uri()}), so the host the rules matched is the
 * host connected to, never a second reading of the original text.
 *
 * @param scheme {@code http} or {@code https}
 * @param hostPort the canonical host, with its port only when it is not the scheme's default
 * @param pathAndQuery the raw path (at least {@code /}) and query; the fragment is dropped
 */
public record HttpTarget(String scheme, HostPort hostPort, String pathAndQuery) {

    /**
     * Parses a URL, or throws {@link IllegalArgumentException} saying why it is refused: another scheme than http or
     * https ({@code file:}, {@code ftp:}, {@code jar:}), user information ({@code http://user@host/}), no host, or a
     * host that is no usable host ({@link HostPort#parse}).
     */
    public static HttpTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https URLs are fetched, not '"
                    + (scheme.isEmpty() ? url : scheme + ":") + "'");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException("the URL names no host");
        }
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("URLs with user information (user@host) are refused");
        }
        HostPort parsed = HostPort.parse(authority).orElseThrow(
                () -> new IllegalArgumentException("'" + authority + "' is no usable host[:port]"));
        int defaultPort = scheme.equals("https") ? 443 : 80;
        HostPort hostPort = parsed.port() == defaultPort ? new HostPort(parsed.host(), HostPort.DEFAULT) : parsed;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.isOpaque() || !path.startsWith("/")) {
            throw new IllegalArgumentException("not a hierarchical http URL");
        }
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new HttpTarget(scheme, hostPort, path + query);
    }

    /**
     * The canonical {@code host[:port]} of a URL, as permission rules match it; for a URL that {@link #parse} refuses,
     * text that is no host (so that no host glob matches it and the check refuses it by rule {@code host-name}).
     */
    public static String hostOf(String url) {
        try {
            return parse(url).hostPort().toString();
        } catch (IllegalArgumentException e) {
            // Shown in the denial so a reader sees what was refused; it holds a character no host may have.
            try {
                URI uri = new URI(url);
                return Optional.ofNullable(uri.getScheme()).orElse("") + "://"
                        + Optional.ofNullable(uri.getRawAuthority()).orElse("");
            } catch (URISyntaxException notAUrl) {
                return "";
            }
        }
    }

    /** The port connected to: the one given, or the scheme's default. */
    public int port() {
        if (hostPort.port() != HostPort.DEFAULT) {
            return hostPort.port();
        }
        return scheme.equals("https") ? 443 : 80;
    }

    /** The URL rebuilt from the canonical parts. */
    public URI uri() {
        return URI.create(scheme + "://" + hostPort + pathAndQuery);
    }

    /** The name the resolver is asked for: the host without brackets; only meaningful when it is no address. */
    public String hostName() {
        return hostPort.host();
    }

    @Override
    public String toString() {
        return uri().toString();
    }
}
