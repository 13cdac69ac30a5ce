package dev.bridle.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AddressPinsTest {

    private static final InetAddress PUBLIC = InetAddress.ofLiteral("192.0.2.7");
    private static final InetAddress PUBLIC_V6 = InetAddress.ofLiteral("2001:db8::7");
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    /** What the DNS would answer: loopback, always, which a pinned name must never get. */
    private final InetAddressResolver dns = new InetAddressResolver() {
        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) {
            return Stream.of(LOOPBACK);
        }

        @Override
        public String lookupByAddress(byte[] address) throws UnknownHostException {
            throw new UnknownHostException();
        }
    };

    private static String name() {
        return "pin-" + UUID.randomUUID() + ".test";
    }

    @Test
    void aPinnedNameAnswersItsCheckedAddressesAndTheDnsAgainOnceReleased() throws Exception {
        InetAddressResolver resolver = PinningResolverProvider.pinning(dns);
        String name = name();
        LookupPolicy any = LookupPolicy.of(LookupPolicy.IPV4 | LookupPolicy.IPV6);
        try (AddressPins.Pin pin = AddressPins.take(name, Duration.ofSeconds(1))) {
            assertThat(resolver.lookupByName(name, any)).as("held but not yet set").containsExactly(LOOPBACK);
            AddressPins.set(name, List.of(PUBLIC, PUBLIC_V6));
            assertThat(resolver.lookupByName(name.toUpperCase(), any)).containsExactly(PUBLIC, PUBLIC_V6);
            assertThat(resolver.lookupByName(name, LookupPolicy.of(LookupPolicy.IPV4))).containsExactly(PUBLIC);
            assertThat(resolver.lookupByName(name, any).findFirst().orElseThrow().getHostName())
                    .as("the name, for SNI and the certificate check").isEqualTo(name);
            assertThat(resolver.lookupByName(name, LookupPolicy.of(LookupPolicy.IPV4 | LookupPolicy.IPV6
                    | LookupPolicy.IPV6_FIRST))).containsExactly(PUBLIC_V6, PUBLIC);
        }
        assertThat(resolver.lookupByName(name, any)).containsExactly(LOOPBACK);
    }

    @Test
    void aPinnedNameWithNoAddressOfTheAskedFamilyDoesNotFallBackToTheDns() throws Exception {
        InetAddressResolver resolver = PinningResolverProvider.pinning(dns);
        String name = name();
        try (AddressPins.Pin pin = AddressPins.take(name, Duration.ofSeconds(1))) {
            AddressPins.set(name, List.of(PUBLIC_V6));
            assertThatThrownBy(() -> resolver.lookupByName(name, LookupPolicy.of(LookupPolicy.IPV4)))
                    .isInstanceOf(UnknownHostException.class);
        }
    }

    @Test
    void oneRequestAtATimeHoldsAName() throws Exception {
        String name = name();
        try (AddressPins.Pin first = AddressPins.take(name, Duration.ofSeconds(1))) {
            assertThat(first).isNotNull();
            assertThat(AddressPins.take(name, Duration.ofMillis(50))).as("the second waits, then gives up").isNull();
        }
        try (AddressPins.Pin again = AddressPins.take(name, Duration.ofMillis(50))) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void onlyTheHolderSetsAddresses() {
        assertThatThrownBy(() -> AddressPins.set(name(), List.of(LOOPBACK))).isInstanceOf(IllegalStateException.class);
    }
}
