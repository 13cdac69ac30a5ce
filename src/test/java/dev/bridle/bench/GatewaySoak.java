package dev.bridle.bench;

import dev.bridle.gateway.FakeUpstream;
import dev.bridle.gateway.Gateway;
import dev.bridle.gateway.GatewayConfig;
import dev.bridle.gateway.GatewayConfig.Limits;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A soak of the gateway: a bounded load generator on loopback sends requests at a steady rate (non-streaming and
 * streaming, OpenAI and Anthropic doors, sessions that come, work a while and go idle), recording into an H2 file
 * store; every minute it samples the heap after a full GC, the live threads and the sessions held, and at the end it
 * fails (exit 1) if the heap or the threads grew. A benchmark command, not a test:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) dev.bridle.bench.GatewaySoak \
 *     --minutes 60 --rate 100 [--db /tmp/soak/runs]
 * </pre>
 *
 * <p>Every loop is bounded: at most {@code minutes × 60 × rate} requests, at most 64 in flight (a tick that finds no
 * room is counted as skipped, not queued), only to 127.0.0.1, and the run stops by itself after {@code --minutes}.
 * The verdict compares the last three minutes with the first three after a two-minute warm-up: the heap after GC may
 * not exceed the warm-up's highest by more than 25% plus 8 MiB, and the live threads may not exceed the warm-up's
 * highest by more than 8.
 */
public final class GatewaySoak {

    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"stream\":%s,\"messages\":[{\"role\":\"system\","
            + "\"content\":\"You help.\"},{\"role\":\"user\",\"content\":\"Say hello in one word.\"}]}";
    private static final String MESSAGES = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":%s,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in one word.\"}]}";

    /** Requests per session before its agent moves on (and the session goes idle). */
    private static final int PER_SESSION = 20;
    private static final int IN_FLIGHT = 64;

    private GatewaySoak() {}

    /** One minute's sample. */
    private record Sample(int minute, long heapAfterGc, int threads, int sessions, long ok, long failed, long skipped,
            long p50Micros, long p99Micros) {}

    public static void main(String[] args) throws Exception {
        int minutes = intArg(args, "--minutes", 60);
        int rate = intArg(args, "--rate", 100);
        int concurrentSessions = intArg(args, "--sessions", 50);
        Path db = Path.of(stringArg(args, "--db", Files.createTempDirectory("gateway-soak").resolve("runs")
                .toString()));
        if (minutes < 1 || minutes > 24 * 60 || rate < 1 || rate > 5000) {
            throw new IllegalArgumentException("--minutes 1..1440 and --rate 1..5000");
        }
        Harness harness = HarnessReader.parse("soak.harness.yaml", GatewayBench.HARNESS).harness();
        // Sessions go idle after their 20 requests; a one-minute timeout ends them within the soak, so the table's
        // size is steady and eviction itself is soaked. The cap is far above the steady size.
        Limits limits = Limits.defaults().withIdleTimeout(Duration.ofMinutes(1)).withMaxSessions(2000)
                .withUpstreamTimeout(Duration.ofSeconds(30)).withSessionWait(Duration.ofSeconds(10));
        System.out.printf(Locale.ROOT, "gateway soak: %d min at %d req/s, %d sessions at a time, %d requests each,"
                + " idle timeout 1m, store %s%n", minutes, rate, concurrentSessions, PER_SESSION, db);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<Sample> samples = new ArrayList<>();
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.text("Hello there."));
                RunStore store = RunStore.open(RunStore.fileUrl(db));
                Gateway gateway = Gateway.start(GatewayConfig.of(harness, upstream.url()).withStore(store)
                        .withLimits(limits));
                ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            upstream.keepRequests = false;
            URI base = gateway.baseUrl();
            Semaphore room = new Semaphore(IN_FLIGHT);
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicLong skipped = new AtomicLong();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            long total = (long) minutes * 60 * rate;
            long periodNanos = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long nextSample = start + TimeUnit.MINUTES.toNanos(1);
            int minute = 0;
            header();
            for (long i = 0; i < total; i++) {
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (System.nanoTime() >= nextSample) {
                    minute++;
                    samples.add(sample(minute, memory, threads, gateway, ok, failed, skipped, latencies));
                    print(samples.getLast());
                    nextSample += TimeUnit.MINUTES.toNanos(1);
                }
                if (!room.tryAcquire()) {
                    skipped.incrementAndGet();
                    continue;
                }
                long n = i;
                workers.submit(() -> {
                    try {
                        long t0 = System.nanoTime();
                        boolean good = send(client, base, n, concurrentSessions);
                        latencies.add((System.nanoTime() - t0) / 1000);
                        (good ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    } finally {
                        room.release();
                    }
                });
            }
            room.acquire(IN_FLIGHT);
            room.release(IN_FLIGHT);
            if (samples.size() < minutes) {
                samples.add(sample(minutes, memory, threads, gateway, ok, failed, skipped, latencies));
                print(samples.getLast());
            }
        }
        System.exit(verdict(samples) ? 0 : 1);
    }

    /** Request {@code n}: its session, door and streaming follow from {@code n}, so a run is the same every time. */
    private static boolean send(HttpClient client, URI base, long n, int concurrentSessions) throws Exception {
        long generation = n / ((long) concurrentSessions * PER_SESSION);
        String session = "soak-" + generation + "-" + (n % concurrentSessions);
        boolean stream = n % 5 == 0;
        boolean anthropic = n % 3 == 0;
        URI uri = base.resolve(anthropic ? "/v1/messages" : "/v1/chat/completions");
        String body = (anthropic ? MESSAGES : CHAT).formatted(stream);
        HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Bridle-Session", session)
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<InputStream> res = client.send(r, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = res.body()) {
            byte[] all = in.readAllBytes();
            return res.statusCode() == 200 && all.length > 0;
        }
    }

    private static Sample sample(int minute, MemoryMXBean memory, ThreadMXBean threads, Gateway gateway,
            AtomicLong ok, AtomicLong failed, AtomicLong skipped, ConcurrentLinkedQueue<Long> latencies)
            throws InterruptedException {
        List<Long> ls = new ArrayList<>();
        Long l;
        while ((l = latencies.poll()) != null) {
            ls.add(l);
        }
        long[] sorted = ls.stream().mapToLong(Long::longValue).sorted().toArray();
        // Twice, with a pause: the first collection queues finalizable and weakly reachable objects for the second.
        System.gc();
        Thread.sleep(200);
        System.gc();
        Thread.sleep(200);
        return new Sample(minute, memory.getHeapMemoryUsage().getUsed(), threads.getThreadCount(),
                gateway.sessions().size(), ok.getAndSet(0), failed.getAndSet(0), skipped.getAndSet(0),
                percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void header() {
        System.out.println("| minute | heap after GC (MiB) | live threads | sessions held | ok | failed | skipped"
                + " | p50 (ms) | p99 (ms) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    private static void print(Sample s) {
        System.out.printf(Locale.ROOT, "| %d | %.1f | %d | %d | %d | %d | %d | %.2f | %.2f |%n", s.minute(),
                s.heapAfterGc() / 1048576.0, s.threads(), s.sessions(), s.ok(), s.failed(), s.skipped(),
                s.p50Micros() / 1000.0, s.p99Micros() / 1000.0);
        System.out.flush();
    }

    /** No growth: the last three minutes against the warm-up window (minutes 3 to 5). */
    private static boolean verdict(List<Sample> samples) {
        System.out.println("finished " + Instant.now());
        if (samples.size() < 8) {
            System.out.println("verdict: too short to judge (needs 8 minutes; warm-up is minutes 1-2, baseline 3-5)");
            return true;
        }
        List<Sample> base = samples.subList(2, 5);
        List<Sample> last = samples.subList(samples.size() - 3, samples.size());
        long baseHeap = base.stream().mapToLong(Sample::heapAfterGc).max().orElseThrow();
        long lastHeap = median(last.stream().mapToLong(Sample::heapAfterGc).toArray());
        int baseThreads = base.stream().mapToInt(Sample::threads).max().orElseThrow();
        int lastThreads = (int) median(last.stream().mapToLong(Sample::threads).toArray());
        long heapLimit = baseHeap + baseHeap / 4 + (8L << 20);
        boolean heapOk = lastHeap <= heapLimit;
        boolean threadsOk = lastThreads <= baseThreads + 8;
        long failures = samples.stream().mapToLong(Sample::failed).sum();
        System.out.printf(Locale.ROOT, "heap after GC: baseline max %.1f MiB, last 3 min median %.1f MiB, limit %.1f"
                + " MiB: %s%n", baseHeap / 1048576.0, lastHeap / 1048576.0, heapLimit / 1048576.0,
                heapOk ? "no growth" : "GREW");
        System.out.printf(Locale.ROOT, "live threads: baseline max %d, last 3 min median %d, limit %d: %s%n",
                baseThreads, lastThreads, baseThreads + 8, threadsOk ? "no growth" : "GREW");
        System.out.println("failed requests: " + failures);
        boolean pass = heapOk && threadsOk && failures == 0;
        System.out.println("verdict: " + (pass ? "PASS" : "FAIL"));
        return pass;
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static int intArg(String[] args, String name, int dflt) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(dflt)));
    }

    private static String stringArg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
