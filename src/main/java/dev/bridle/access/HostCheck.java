package dev.bridle.access;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether an HTTP tool may reach a URL, once per hop: before the first request and again before following
 * each redirect.
 *
 * <p>Only {@code http} and {@code https} URLs with a host and without user information pass. The canonical host
 * ({@link HostNames}) must match one of the allowed host globs ({@link Glob#host}). Then the host is resolved, and
 * if <em>any</em> of its addresses is loopback, private, link-local or otherwise special ({@link AddressRanges}:
 * 127/8, 10/8, 172.16/12, 192.168/16, 169.254/16, 0/8, 100.64/10, ::1, fc00::/7, fe80::/10, multicast, and IPv4
 * mapped into IPv6) the URL is refused, unless the host also matches one of the globs allowed to be private.
 * A redirect must stay on the same host and port (an upgrade from {@code http} to {@code https} on the default
 * ports aside) and must not go from {@code https} to {@code http}.
 *
 * <p><b>Limit.</b> The HTTP client resolves the host again when it connects; a DNS server that answers differently
 * the second time (DNS rebinding) is not caught here. Hosts named by IP literal are not affected.
 */
public final class HostCheck {

    /** Resolves a host name to its addresses; the JDK resolver by default, a fake one in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final List<Glob> allowed;
    private final List<Glob> privateAllowed;
    private final Resolver resolver;

    private HostCheck(List<Glob> allowed, List<Glob> privateAllowed, Resolver resolver) {
        this.allowed = allowed;
        this.privateAllowed = privateAllowed;
        this.resolver = resolver;
    }

    /**
     * A check with the JDK resolver.
     *
     * @param allowedHosts host globs that may be reached at all
     * @param privateHosts host globs that may also resolve to loopback or private addresses, as {@code 127.0.0.1}
     */
    public static HostCheck of(List<String> allowedHosts, List<String> privateHosts) {
        return of(allowedHosts, privateHosts, InetAddress::getAllByName);
    }

    /** A check with the given resolver. */
    public static HostCheck of(List<String> allowedHosts, List<String> privateHosts, Resolver resolver) {
        return new HostCheck(
                allowedHosts.stream().map(Glob::host).toList(), privateHosts.stream().map(Glob::host).toList(),
                resolver);
    }

    /** Whether the first request of a call may go to this URL. */
    public HostVerdict check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new HostVerdict.Refused("only http and https URLs are allowed");
        }
        if (uri.getRawUserInfo() != null) {
            return new HostVerdict.Refused("URLs with user information are refused");
        }
        Optional<String> canonical = Optional.ofNullable(uri.getHost()).flatMap(HostNames::canonical);
        if (canonical.isEmpty()) {
            return new HostVerdict.Refused("the URL has no usable host");
        }
        String host = canonical.get();
        if (!CompiledRule.any(allowed, host)) {
            return new HostVerdict.Refused("host " + host + " is not allowed");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return new HostVerdict.Refused("host " + host + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            return new HostVerdict.Refused("host " + host + " does not resolve");
        }
        if (!CompiledRule.any(privateAllowed, host)) {
            for (InetAddress address : addresses) {
                Optional<String> range = AddressRanges.special(address);
                if (range.isPresent()) {
                    return new HostVerdict.Refused("host " + host + " resolves to " + address.getHostAddress()
                            + " (" + range.get() + "), which is not allowed");
                }
            }
        }
        return new HostVerdict.Allowed(host, List.of(addresses));
    }

    /** Whether a redirect from one URL to another may be followed: same host, no downgrade, and {@link #check}. */
    public HostVerdict checkRedirect(URI from, URI to) {
        Optional<String> fromHost = Optional.ofNullable(from.getHost()).flatMap(HostNames::canonical);
        Optional<String> toHost = Optional.ofNullable(to.getHost()).flatMap(HostNames::canonical);
        if (toHost.isEmpty() || !toHost.equals(fromHost)) {
            return new HostVerdict.Refused("redirect to another host (" + toHost.orElse("none") + ") is refused");
        }
        if ("https".equalsIgnoreCase(from.getScheme()) && !"https".equalsIgnoreCase(to.getScheme())) {
            return new HostVerdict.Refused("redirect from https to " + to.getScheme() + " is refused");
        }
        boolean upgrade = "http".equalsIgnoreCase(from.getScheme()) && "https".equalsIgnoreCase(to.getScheme())
                && from.getPort() == -1 && to.getPort() == -1;
        if (port(from) != port(to) && !upgrade) {
            return new HostVerdict.Refused("redirect to another port (" + port(to) + ") is refused");
        }
        return check(to);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
