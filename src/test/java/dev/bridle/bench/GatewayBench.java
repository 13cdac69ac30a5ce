package dev.bridle.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.bridle.gateway.FakeUpstream;
import dev.bridle.gateway.Gateway;
import dev.bridle.gateway.GatewayConfig;
import dev.bridle.gateway.GatewayConfig.Limits;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The gateway's cost, measured against the fake upstream in one run: each measurement is taken directly and through
 * the gateway, alternating, so that both see the same machine. Recording is on (an H2 file store). Latency is
 * measured twice: closed-loop (each session sends its next request as soon as the last is answered, which saturates
 * the two cores from 16 sessions on, so the added time there is mostly CPU queueing) and paced (the sessions together
 * send a fixed rate well below saturation, so the added time is the gateway's own). Throughput is closed-loop, with
 * the CPU time of the whole process per request beside it, through the gateway and directly: their difference is what
 * the gateway itself costs, without the load generator and the fake upstream. A benchmark command, not a test:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) dev.bridle.bench.GatewayBench [--no-store]
 *     [--rate=REQUESTS_PER_SECOND] [--only=closed,paced,ttft,throughput,memory] [--jdk-upstream]
 * </pre>
 *
 * <p>{@code -Dbench.gatewayJvm="-XX:StartFlightRecording=filename=gw.jfr,settings=profile"} passes options to the
 * gateway's JVM of the throughput measurement. The model server is {@link GatewayBenchUpstream} (Helidon), or with
 * {@code --jdk-upstream} the tests' {@code FakeUpstream} (the JDK's {@code HttpServer}, which takes more CPU per
 * request than the gateway itself).
 */
public final class GatewayBench {

    static final String HARNESS = """
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

    /**
     * The load generator's client: Helidon's blocking HTTP/1.1 client on virtual threads, the cheapest at hand, so
     * that it takes as little of the two cores from the gateway as it can (the JDK's client took several times more).
     */
    private static final Http1Client CLIENT = Http1Client.builder().shareConnectionCache(false)
            .connectionCacheSize(1024).connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60))
            .sendExpectContinue(false).build();

    private static final OperatingSystemMXBean OS = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

    private GatewayBench() {}

    public static void main(String[] args) throws Exception {
        List<String> opts = List.of(args);
        boolean record = !opts.contains("--no-store");
        int rate = opts.stream().filter(a -> a.startsWith("--rate=")).map(a -> Integer.parseInt(a.substring(7)))
                .findFirst().orElse(400);
        List<String> only = opts.stream().filter(a -> a.startsWith("--only=")).findFirst()
                .map(a -> List.of(a.substring(7).split(","))).orElse(List.of("closed", "paced", "ttft", "throughput",
                        "memory"));
        // The JDK's HttpServer (the fake upstream) keeps 200 idle connections and silently closes the rest after
        // their answer; a real model server does not. Above 200 sessions that turned into failed, retried requests.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        Path dir = Files.createTempDirectory("gateway-bench");
        Harness harness = HarnessReader.parse("bench.harness.yaml", HARNESS).harness();
        boolean jdk = opts.contains("--jdk-upstream");
        // Every latency sample opens a session of its own, far more than the default cap, which would answer 429.
        Limits uncapped = Limits.defaults().withMaxSessions(Integer.MAX_VALUE);
        try (FakeUpstream fake = new FakeUpstream(FakeUpstream.text("Hello."));
                GatewayBenchUpstream lean = new GatewayBenchUpstream();
                RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
                Gateway gateway = Gateway.start(record
                        ? GatewayConfig.of(harness, jdk ? fake.url() : lean.url()).withStore(store).withLimits(uncapped)
                        : GatewayConfig.of(harness, jdk ? fake.url() : lean.url()).withLimits(uncapped))) {
            System.out.printf(Locale.ROOT, "%s; upstream %s; %d processors; load average %.1f%n", record
                    ? "recording on (H2 file)" : "recording off", jdk ? "FakeUpstream (JDK HttpServer)"
                    : "GatewayBenchUpstream (Helidon)", Runtime.getRuntime().availableProcessors(),
                    OS.getSystemLoadAverage());
            URI direct = (jdk ? fake.url() : lean.url()).resolve("/v1/chat/completions");
            URI through = gateway.baseUrl().resolve("/v1/chat/completions");
            System.out.println("warming up…");
            latency(direct, through, 16, 300, "warm");
            if (only.contains("closed")) {
                System.out.println("added latency per non-streaming request, closed loop (gateway minus direct, same"
                        + " run):");
                for (int c : new int[] {1, 16, 256}) {
                    int perSession = Math.max(20, 4000 / c);
                    latency(direct, through, c, perSession, "c" + c);
                }
            }
            if (only.contains("paced")) {
                System.out.printf(Locale.ROOT, "added latency per non-streaming request, paced at %d requests/s in all"
                        + " (half direct, half through the gateway, alternating):%n", rate);
                for (int c : new int[] {1, 16, 256}) {
                    paced(direct, through, c, rate, Math.max(2000, 10 * c), "p" + c);
                }
            }
            if (only.contains("ttft")) {
                ttft(direct, through, 500);
            }
            if (only.contains("throughput")) {
                throughput(direct, jdk ? fake.url() : lean.url(), record, 32, Duration.ofSeconds(10));
            }
            if (only.contains("memory")) {
                memory(gateway, through, 10_000);
            }
            System.out.printf(Locale.ROOT, "connections retried: %d; load average %.1f%n", RETRIES.get(),
                    OS.getSystemLoadAverage());
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
    private static void ttft(URI direct, URI through, int n) {
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

    /**
     * c sessions that together send {@code rate} requests a second, each session its requests in turn, one pair
     * (direct and through the gateway, in alternating order) every {@code c * 2 / rate} seconds, at staggered
     * starts. The rate is well below what the machine can serve, so neither side waits in a CPU queue; a request that
     * starts late (its session's previous one took longer than the interval) is counted and reported.
     */
    private static void paced(URI direct, URI through, int c, int rate, int pairs, String tag) throws Exception {
        int perSession = Math.max(1, pairs / c);
        long interval = TimeUnit.SECONDS.toNanos(1) * 2L * c / rate;
        long[][] d = new long[c][perSession];
        long[][] g = new long[c][perSession];
        AtomicLong late = new AtomicLong();
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int s = 0; s < c; s++) {
                int session = s;
                all.add(pool.submit(() -> {
                    String id = tag + "-" + session + "-" + System.nanoTime();
                    long at = t0 + interval * session / c;
                    for (int i = 0; i < perSession; i++, at += interval) {
                        long wait = at - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        } else if (wait < -interval / 2) {
                            late.incrementAndGet();
                        }
                        if (i % 2 == 0) {
                            d[session][i] = retried(direct, id);
                            g[session][i] = retried(through, id);
                        } else {
                            g[session][i] = retried(through, id);
                            d[session][i] = retried(direct, id);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        long[] ds = flat(d);
        long[] gs = flat(g);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "  %3d sessions, %5d requests each way in %.1f s (%.0f requests/s in all,"
                + " %d late): direct p50 %.2f ms p99 %.2f ms; gateway p50 %.2f ms p99 %.2f ms; added p50 %.2f ms,"
                + " p99 %.2f ms%n", c, ds.length, seconds, 2 * ds.length / seconds, late.get(), ms(pct(ds, 50)),
                ms(pct(ds, 99)), ms(pct(gs, 50)), ms(pct(gs, 99)), ms(pct(gs, 50) - pct(ds, 50)),
                ms(pct(gs, 99) - pct(ds, 99)));
    }

    /**
     * Closed-loop throughput of c sessions, directly for {@code time}, then through a gateway in a JVM of its own
     * ({@link GatewayBenchServer}, recording as this run does) for {@code time}: requests a second, the CPU time of
     * this process (load generator and model server) per request, and the CPU time of the gateway's whole process
     * (request threads, store writer, garbage collector, compiler) per request.
     */
    private static void throughput(URI direct, URI upstream, boolean record, int c, Duration time) throws Exception {
        Path dir = Files.createTempDirectory("gateway-bench-server");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"));
        // -Dbench.gatewayJvm="-XX:StartFlightRecording=..." profiles the gateway's JVM.
        String extra = System.getProperty("bench.gatewayJvm", "").strip();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), GatewayBenchServer.class.getName(),
                upstream.toString(), record ? dir.toString() : "--no-store"));
        Process server = new ProcessBuilder(cmd).redirectError(dir.resolve("server.log").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith("port ")) {
                line = out.readLine(); // the JVM's own notices (a flight recording's, for one)
            }
            if (line == null || !line.startsWith("port ")) {
                throw new IllegalStateException("the gateway process did not start: " + line + "; see "
                        + dir.resolve("server.log"));
            }
            URI through = URI.create("http://127.0.0.1:" + line.substring(5) + "/v1/chat/completions");
            closedLoop(through, c, Duration.ofSeconds(5), server);
            double[] d = closedLoop(direct, c, time, server);
            double[] g = closedLoop(through, c, time, server);
            System.out.printf(Locale.ROOT, "throughput, %d sessions, closed loop, %d s each: direct %.0f requests/s"
                    + " (load generator and model server %.3f ms CPU each); through the gateway (own JVM) %.0f"
                    + " requests/s (load generator and model server %.3f ms CPU each, the gateway's JVM %.3f ms CPU"
                    + " each, so %.0f requests/s on %d cores for the gateway alone)%n", c, time.toSeconds(), d[0],
                    d[1], g[0], g[1], g[2], Runtime.getRuntime().availableProcessors() / g[2] * 1000,
                    Runtime.getRuntime().availableProcessors());
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Requests a second, this process's CPU milliseconds per request and the gateway process's. */
    private static double[] closedLoop(URI uri, int c, Duration time, Process gateway) throws Exception {
        AtomicLong done = new AtomicLong();
        long cpu0 = OS.getProcessCpuTime();
        long gw0 = cpu(gateway);
        long t0 = System.nanoTime();
        long end = t0 + time.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int s = 0; s < c; s++) {
                int session = s;
                all.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        retried(uri, "tput-" + session);
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (OS.getProcessCpuTime() - cpu0) / 1e6;
        double gwMs = (cpu(gateway) - gw0) / 1e6;
        return new double[] {done.get() / seconds, cpuMs / done.get(), gwMs / done.get()};
    }

    /** The CPU time a process has used so far, in nanoseconds (user and system, all its threads). */
    private static long cpu(Process p) {
        return p.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for process "
                + p.pid())).toNanos();
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
            } catch (UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
                if (attempt == 3) {
                    throw e;
                }
                RETRIES.incrementAndGet();
            }
        }
    }

    /** One request; returns nanoseconds to the whole answer, or to the first content chunk of a stream. */
    private static long post(URI uri, String session, boolean stream) {
        byte[] body = BODY.formatted(stream ? ",\"stream\":true" : "").getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        try (HttpClientResponse res = CLIENT.post().uri(uri).header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.create("X-Bridle-Session"), session).submit(body)) {
            if (!stream) {
                byte[] answer = res.entity().as(byte[].class);
                long t = System.nanoTime() - t0;
                if (res.status().code() != 200) {
                    throw new IllegalStateException("status " + res.status() + ": "
                            + new String(answer, StandardCharsets.UTF_8));
                }
                return t;
            }
            long first = -1;
            BufferedReader lines = new BufferedReader(new InputStreamReader(res.inputStream(),
                    StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (first < 0 && line.contains("\"content\":\"H")) {
                    first = System.nanoTime() - t0;
                }
            }
            return first;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
