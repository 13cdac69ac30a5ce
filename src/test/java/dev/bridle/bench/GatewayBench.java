package dev.bridle.bench;

import dev.bridle.gateway.FakeUpstream;
import dev.bridle.gateway.Gateway;
import dev.bridle.gateway.GatewayConfig;
import dev.bridle.gateway.GatewayConfig.Limits;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's cost, measured against the fake upstream in one run: each measurement is taken directly and through
 * the gateway, alternating, so that both see the same machine. Recording is on (an H2 file store). A benchmark
 * command, not a test:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) dev.bridle.bench.GatewayBench [--no-store]
 * </pre>
 */
public final class GatewayBench {

    private static final String HARNESS = """
            bridle: 1
            name: bench
            agents:
              a: { system: You help., tools: [read_file] }
            tools:
              read_file: { reads: file_path }
            workflow:
              start: s
              nodes:
                s: { agent: a, next: done }
                done: { end: completed }
            guards:
              - { id: budget, steps: { max: 1000000 } }
            permissions:
              default: deny
              rules:
                - { id: read, allow: read_file }
            """;

    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"You help.\"},{\"role\":\"user\",\"content\":\"Say hello in one word.\"}]%s}";

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(10)).build();

    private GatewayBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gateway-bench");
        Harness harness = HarnessReader.parse("bench.harness.yaml", HARNESS).harness();
        // Every latency sample opens a session of its own, far more than the default cap, which would answer 429.
        Limits uncapped = Limits.defaults().withMaxSessions(Integer.MAX_VALUE);
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.text("Hello."));
                RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
                Gateway gateway = Gateway.start(args.length > 0 && args[0].equals("--no-store")
                        ? GatewayConfig.of(harness, upstream.url()).withLimits(uncapped)
                        : GatewayConfig.of(harness, upstream.url()).withStore(store).withLimits(uncapped))) {
            System.out.println(args.length > 0 && args[0].equals("--no-store") ? "recording off" : "recording on");
            URI direct = upstream.url().resolve("/v1/chat/completions");
            URI through = gateway.baseUrl().resolve("/v1/chat/completions");
            System.out.println("warming up…");
            latency(direct, through, 16, 100, "warm");
            System.out.println("added latency per non-streaming request (gateway minus direct, same run):");
            for (int c : new int[] {1, 16, 256}) {
                int perSession = Math.max(20, 4000 / c);
                latency(direct, through, c, perSession, "c" + c);
            }
            ttft(direct, through, 500);
            throughput(through, 32, Duration.ofSeconds(10));
            memory(gateway, through, 10_000);
            System.out.println("connections retried: " + RETRIES.get());
        }
    }

    /** c sessions, each sending n requests in turn, direct then through, interleaved per request. */
    private static void latency(URI direct, URI through, int c, int n, String tag) throws Exception {
        long[][] d = new long[c][n];
        long[][] g = new long[c][n];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int s = 0; s < c; s++) {
                int session = s;
                all.add(pool.submit(() -> {
                    String id = tag + "-" + session + "-" + System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        d[session][i] = retried(direct, id);
                        g[session][i] = retried(through, id);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        if (tag.equals("warm")) {
            return;
        }
        long[] ds = flat(d);
        long[] gs = flat(g);
        System.out.printf(Locale.ROOT, "  %3d sessions, %5d requests each way: direct p50 %.2f ms p99 %.2f ms;"
                + " gateway p50 %.2f ms p99 %.2f ms; added p50 %.2f ms, p99 %.2f ms%n", c, ds.length,
                ms(pct(ds, 50)), ms(pct(ds, 99)), ms(pct(gs, 50)), ms(pct(gs, 99)),
                ms(pct(gs, 50) - pct(ds, 50)), ms(pct(gs, 99) - pct(ds, 99)));
    }

    /** Time to the first content chunk of a stream, direct and through, alternating. */
    private static void ttft(URI direct, URI through, int n) throws Exception {
        long[] d = new long[n];
        long[] g = new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = post(direct, "ttft-" + i, true);
            g[i] = post(through, "ttft-" + i, true);
        }
        System.out.printf(Locale.ROOT, "time to first token on a stream (%d streams each way): direct p50 %.2f ms,"
                + " gateway p50 %.2f ms; added p50 %.2f ms, p99 %.2f ms%n", n, ms(pct(d, 50)), ms(pct(g, 50)),
                ms(pct(g, 50) - pct(d, 50)), ms(pct(g, 99) - pct(d, 99)));
    }

    private static void throughput(URI through, int c, Duration time) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + time.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int s = 0; s < c; s++) {
                int session = s;
                all.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        post(through, "tput-" + session, false);
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        System.out.printf(Locale.ROOT, "throughput through the gateway, %d sessions: %.0f requests/s%n",
                c, done.get() / (double) time.toSeconds());
    }

    private static void memory(Gateway gateway, URI through, int sessions) throws Exception {
        long before = heap();
        int was = gateway.sessions().size();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> all = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int session = s;
                all.add(pool.submit(() -> post(through, "idle-" + session, false)));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        long after = heap();
        int open = gateway.sessions().size() - was;
        System.out.printf(Locale.ROOT, "memory per idle session: %.1f KB (%d sessions open, heap %d MB -> %d MB after"
                + " GC)%n", (after - before) / 1024.0 / open, open, before >> 20, after >> 20);
    }

    private static long heap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static final AtomicLong RETRIES = new AtomicLong();

    /**
     * One request, sent again when the connection broke before any answer (the fake upstream's JDK server closes
     * idle keep-alive connections under load); the retries are counted and printed, and the retried time counts.
     */
    private static long retried(URI uri, String session) throws Exception {
        long t0 = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            try {
                post(uri, session, false);
                return System.nanoTime() - t0;
            } catch (java.io.IOException e) {
                if (attempt == 3) {
                    throw e;
                }
                RETRIES.incrementAndGet();
            }
        }
    }

    /** One request; returns nanoseconds to the whole answer, or to the first content chunk of a stream. */
    private static long post(URI uri, String session, boolean stream) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("X-Bridle-Session", session)
                .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(stream ? ",\"stream\":true" : ""))).build();
        long t0 = System.nanoTime();
        if (!stream) {
            HttpResponse<byte[]> res = CLIENT.send(r, HttpResponse.BodyHandlers.ofByteArray());
            long t = System.nanoTime() - t0;
            if (res.statusCode() != 200) {
                throw new IllegalStateException("status " + res.statusCode() + ": " + new String(res.body(),
                        StandardCharsets.UTF_8));
            }
            return t;
        }
        HttpResponse<InputStream> res = CLIENT.send(r, HttpResponse.BodyHandlers.ofInputStream());
        long first = -1;
        StringBuilder line = new StringBuilder();
        try (InputStream in = res.body()) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                if (first < 0 && line.indexOf("\"content\":\"H") >= 0) {
                    first = System.nanoTime() - t0;
                }
                line.setLength(0);
            }
        }
        return first;
    }

    private static long[] flat(long[][] a) {
        return Arrays.stream(a).flatMapToLong(Arrays::stream).toArray();
    }

    private static long pct(long[] xs, int p) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
