package dev.bridle.tool;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The addresses a host name is pinned to while a checked HTTP request to it is in flight: the JVM's resolver
 * ({@link PinningResolverProvider}) answers a pinned name with these addresses only, so the connection goes where the
 * check looked, whatever a DNS server answers the second time.
 *
 * <p>One request at a time holds a name's pin; another request for the same name waits for it, so two requests with
 * differently checked answers (say, for harnesses with different rules) never see each other's addresses.
 */
public final class AddressPins {

    private static final Map<String, List<InetAddress>> PINNED = new HashMap<>();
    private static final Set<String> HELD = new HashSet<>();
    private static volatile boolean installed;

    private AddressPins() {}

    /** A held pin; closing it lets the name resolve normally again. */
    public interface Pin extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits until no other request holds a pin on {@code host}, for at most {@code wait}, then takes it; the name
     * resolves normally until the holder {@link #set sets} its checked addresses.
     *
     * @throws InterruptedException when interrupted while waiting
     * @return the pin, or null when the wait ran out
     */
    static Pin take(String host, Duration wait) throws InterruptedException {
        String key = host.toLowerCase(Locale.ROOT);
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (PINNED) {
            while (HELD.contains(key)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                PINNED.wait(Math.max(1, left / 1_000_000));
            }
            HELD.add(key);
        }
        return () -> {
            synchronized (PINNED) {
                HELD.remove(key);
                PINNED.remove(key);
                PINNED.notifyAll();
            }
        };
    }

    /** Sets the addresses of a name whose pin the caller holds. */
    static void set(String host, List<InetAddress> addresses) {
        synchronized (PINNED) {
            if (!HELD.contains(host.toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException("no pin held on " + host);
            }
            PINNED.put(host.toLowerCase(Locale.ROOT), List.copyOf(addresses));
        }
    }

    /** The pinned addresses of a name, or null when it is not pinned. */
    static List<InetAddress> pinned(String host) {
        synchronized (PINNED) {
            return PINNED.get(host.toLowerCase(Locale.ROOT));
        }
    }

    /** Called once by the JDK, through the provider, when it makes our resolver the JVM's resolver. */
    static void markInstalled() {
        installed = true;
    }

    /** Whether {@link PinningResolverProvider} is the JVM's resolver; without it, names cannot be pinned. */
    static boolean installed() {
        return installed;
    }
}
