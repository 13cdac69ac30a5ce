package dev.bridle.tool;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.net.spi.InetAddressResolverProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JVM's name resolver while Bridle runs (registered in {@code META-INF/services}): the JDK's built-in resolver,
 * except that a name {@link AddressPins pinned} by a checked HTTP request answers with its checked addresses. This is
 * how {@code http.get} connects to the address it checked with the JDK HTTP client, which resolves names itself, while
 * TLS still verifies the certificate against the host name.
 */
public final class PinningResolverProvider extends InetAddressResolverProvider {

    /** Made by the JDK's service loader. */
    public PinningResolverProvider() {}

    @Override
    public InetAddressResolver get(Configuration configuration) {
        return pinning(configuration.builtinResolver());
    }

    /**
     * A resolver that answers pinned names with their pinned addresses and asks {@code builtin} for the rest. A
     * provider that wraps the JDK's resolver in another way (a test's stand-in DNS) must still answer through this.
     */
    public static InetAddressResolver pinning(InetAddressResolver builtin) {
        AddressPins.markInstalled();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                List<InetAddress> pinned = AddressPins.pinned(host);
                if (pinned == null) {
                    return builtin.lookupByName(host, policy);
                }
                List<InetAddress> answer = byPolicy(host, pinned, policy.characteristics());
                if (answer.isEmpty()) {
                    throw new UnknownHostException(host + " (no checked address)");
                }
                return answer.stream();
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "bridle-pinning";
    }

    /**
     * The pinned addresses of the families asked for, each carrying the name asked: the HTTP client takes the name for
     * SNI and the certificate check from the address it gets, and would check the bare IP address otherwise.
     */
    private static List<InetAddress> byPolicy(String host, List<InetAddress> pinned, int characteristics)
            throws UnknownHostException {
        boolean v4 = (characteristics & LookupPolicy.IPV4) != 0;
        boolean v6 = (characteristics & LookupPolicy.IPV6) != 0;
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : pinned) {
            if ((a instanceof Inet4Address && v4) || (a instanceof Inet6Address && v6)) {
                out.add(InetAddress.getByAddress(host, a.getAddress()));
            }
        }
        if ((characteristics & LookupPolicy.IPV4_FIRST) != 0) {
            out.sort(Comparator.comparingInt(a -> a instanceof Inet4Address ? 0 : 1));
        } else if ((characteristics & LookupPolicy.IPV6_FIRST) != 0) {
            out.sort(Comparator.comparingInt(a -> a instanceof Inet6Address ? 0 : 1));
        }
        return out;
    }
}
