package dev.bridle.attack;

import dev.bridle.tool.PinningResolverProvider;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A stand-in DNS for the tests' JVM: names under {@code .test} (reserved, never in real DNS) that a test registers
 * answer what the test says, lookup by lookup, so a test can rebind a name between two lookups. It sits where real DNS
 * sits, beneath Bridle's pinning resolver, and every other name goes to the JDK's resolver. Registered in the test
 * resources' {@code META-INF/services}, which come before the main ones on the test class path.
 */
public final class FakeDns extends InetAddressResolverProvider {

    private static final Map<String, IntFunction<String>> NAMES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> LOOKUPS = new ConcurrentHashMap<>();

    /** Made by the JDK's service loader. */
    public FakeDns() {}

    /** A fresh name under {@code .test} whose n-th lookup (from 1) answers {@code answer.apply(n)}. */
    static String name(String prefix, IntFunction<String> answer) {
        String name = prefix + "-" + UUID.randomUUID() + ".test";
        NAMES.put(name, answer);
        LOOKUPS.put(name, new AtomicInteger());
        return name;
    }

    /** A fixed name under {@code .test}, for a certificate made out to it. */
    static String fixedName(String name, IntFunction<String> answer) {
        NAMES.put(name, answer);
        LOOKUPS.put(name, new AtomicInteger());
        return name;
    }

    /** How many times the name was looked up, by whoever asked. */
    static int lookups(String name) {
        return LOOKUPS.get(name).get();
    }

    /** What the DNS answers now: the lookup a check or a connection makes when nothing pins the name. */
    static InetAddress[] lookUp(String host) throws UnknownHostException {
        IntFunction<String> answer = NAMES.get(host);
        if (answer == null) {
            return InetAddress.getAllByName(host);
        }
        InetAddress address = InetAddress.ofLiteral(answer.apply(LOOKUPS.get(host).incrementAndGet()));
        return new InetAddress[] {InetAddress.getByAddress(host, address.getAddress())};
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return PinningResolverProvider.pinning(new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                return NAMES.containsKey(host) ? Stream.of(lookUp(host)) : builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        });
    }

    @Override
    public String name() {
        return "bridle-test-dns";
    }
}
