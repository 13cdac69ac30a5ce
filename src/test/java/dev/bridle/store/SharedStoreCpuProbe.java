package dev.bridle.store;

import com.sun.management.OperatingSystemMXBean;
import dev.bridle.event.RunEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Where the time of a writer goes on the shared store: records the same number of events with one writer and with
 * four at once (each its own store, as four gateways) on the test PostgreSQL, and prints the throughput with the CPU
 * time spent, in this JVM and in the server's sessions of the database, per 100,000 events and as cores kept busy.
 * It tells whether four writers are held back by a lock (cores idle) or by the machine (every core busy). A plain
 * main: {@code java -cp target/test-classes:target/classes:$(cat cp.txt) dev.bridle.store.SharedStoreCpuProbe}.
 */
public final class SharedStoreCpuProbe {

    private static final int EVENTS = 20_000;
    private static final int RUNS = 8;
    private static final AtomicInteger IDS = new AtomicInteger();

    private SharedStoreCpuProbe() {}

    public static void main(String[] args) throws Exception {
        String url = TestPostgres.freshUrl();
        String database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        List<RunEvent> events = SyntheticRun.of(EVENTS, Instant.parse("2026-11-23T10:00:00Z"));
        RunStore.open(url).close();
        for (int round = 0; round < 2; round++) {
            for (int writers : new int[] {1, 4}) {
                measure(url, database, events, writers, round == 0);
            }
        }
        System.exit(0);
    }

    private static void measure(String url, String database, List<RunEvent> events, int writers, boolean warmUp)
            throws Exception {
        List<RunStore> stores = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            stores.add(RunStore.open(url));
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long jvm0 = os.getProcessCpuTime();
        long server0 = serverTicks(database);
        long wall0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (RunStore store : stores) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int r = 0; r < RUNS / writers; r++) {
                    try (Recording rec = store.begin(new RunStart("probe-" + IDS.incrementAndGet(), "synthetic",
                            "0".repeat(64), "mock:synthetic", events.getFirst().at()), Durability.BATCHED)) {
                        events.forEach(rec::accept);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double jvm = (os.getProcessCpuTime() - jvm0) / 1e9;
        // Read before the stores close: a session's CPU time goes with its process.
        double server = (serverTicks(database) - server0) / 100.0;
        stores.forEach(RunStore::close);
        if (warmUp) {
            return;
        }
        long total = (long) EVENTS * RUNS;
        System.out.printf("%d writer(s): %,.0f events/s in all, %,.0f per writer; CPU per 100,000 events: JVM %.2f s,"
                + " server %.2f s; cores busy: %.2f (load average %s)%n", writers, total / wall,
                total / wall / writers, jvm * 100_000 / total, server * 100_000 / total, (jvm + server) / wall,
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** User and system clock ticks of the server processes serving {@code database}. */
    private static long serverTicks(String database) throws IOException {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (!cmd.startsWith("postgres: ") || !cmd.contains(" " + database + " ")) {
                        continue;
                    }
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException e) {
                    // the process ended while being read
                }
            }
        }
        return ticks;
    }
}
