package dev.bridle.bench;

import dev.bridle.app.LongRun;
import dev.bridle.cli.Main;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What recording costs {@code bridle run}: the same long scripted run ({@link LongRun}, about five events a step)
 * played by the real CLI in a fresh child JVM, once with {@code --no-record} and once per {@code --durability} mode,
 * for each run length. For each child: wall time and CPU of the whole process, peak RSS ({@code VmHWM}), and the
 * store file's largest size while the run records (sampled every 10 ms) and its size once the command has ended.
 *
 * <p>Run: {@code docs/bench/record-bench.sh [STEPS...]} (default 1000 10000 100000). System properties:
 * {@code bench.modes} (default {@code no-record,batch,step,end}), {@code bench.jvm} (JVM flags of every child,
 * default none), {@code bench.dir} (where the stores go, default a new temporary folder, deleted after),
 * {@code bench.store} ({@code fresh}, the default, or {@code existing}), {@code bench.program} (the wrapper to run
 * instead of a JVM on the test classes).
 */
public final class RecordBench {

    private RecordBench() {}

    private static final Pattern REPORT =
            Pattern.compile("bench exit=(\\d+) runNanos=(\\d+) cpuNanos=(\\d+) hwmKb=(\\d+)");

    /** One child's figures. */
    record Figures(String mode, int steps, int exit, long wallNanos, long cpuNanos, long hwmKb, long maxFile,
            long endFile, long events) {}

    /**
     * {@code -Dbench.store=existing}: each recording child opens a store made before it starts (empty, at this
     * build's schema), as every run after a user's first does; {@code fresh} (the default): the child creates it.
     */
    /**
     * {@code -Dbench.program=PATH/target/bridle}: each child is the wrapper a user runs (its JVM flags, its AOT cache),
     * with {@code bench.jvm} in {@code BRIDLE_JAVA_OPTIONS}; by default each child is a JVM on the test classes.
     */
    private static final String PROGRAM = System.getProperty("bench.program", "").isBlank()
            ? null : System.getProperty("bench.program");

    private static final boolean EXISTING_STORE = "existing".equals(System.getProperty("bench.store", "fresh"));

    public static void main(String[] args) throws Exception {
        List<Integer> lengths = args.length == 0
                ? List.of(1_000, 10_000, 100_000)
                : Arrays.stream(args).map(Integer::parseInt).toList();
        List<String> modes = List.of(System.getProperty("bench.modes", "no-record,batch,step,end").split(","));
        List<String> jvm = System.getProperty("bench.jvm", "").isBlank()
                ? List.of()
                : List.of(System.getProperty("bench.jvm").trim().split("\\s+"));
        Path root = System.getProperty("bench.dir") == null
                ? Files.createTempDirectory("bridle-record-bench")
                : Files.createDirectories(Path.of(System.getProperty("bench.dir")));
        System.out.printf("JVM flags of each child: %s; %s; %s store; %d cores; load average %s%n",
                jvm.isEmpty() ? "(none)" : String.join(" ", jvm), PROGRAM == null ? "the test classes" : PROGRAM,
                EXISTING_STORE ? "existing" : "fresh",
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim());
        List<Figures> all = new ArrayList<>();
        try {
            for (int steps : lengths) {
                Path folder = Files.createDirectories(root.resolve("steps-" + steps));
                LongRun.write(folder, steps);
                for (String mode : modes) {
                    Figures f = child(jvm, folder, steps, mode);
                    all.add(f);
                    System.out.println(row(f));
                }
            }
            System.out.println();
            System.out.println(table(all, lengths));
        } finally {
            if (System.getProperty("bench.dir") == null) {
                delete(root);
            }
        }
    }

    private static Figures child(List<String> jvm, Path folder, int steps, String mode) throws Exception {
        Path db = folder.resolve("db-" + mode);
        Path file = db.resolve("runs.mv.db");
        String url = RunStore.fileUrl(db.resolve("runs"));
        deleteIfThere(db); // each child records into a store of its own, with no run of an earlier child in it
        if (EXISTING_STORE && !mode.equals("no-record")) {
            RunStore.open(url).close(); // as every run after a user's first: the store and its schema are there
        }
        List<String> command = new ArrayList<>();
        List<String> bridle = List.of("run", folder.resolve(LongRun.HARNESS_FILE).toString(),
                "--scenario", folder.resolve(LongRun.SCENARIO_FILE).toString(), "-q", "--db", url);
        if (PROGRAM == null) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvm);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        } else {
            command.add(PROGRAM);
        }
        command.addAll(bridle);
        command.addAll(mode.equals("no-record") ? List.of("--no-record") : List.of("--durability", mode));
        Path err = folder.resolve("child-" + mode + ".err");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(folder.resolve("child-" + mode + ".out").toFile())
                .redirectError(err.toFile());
        if (PROGRAM != null) {
            // The wrapper takes its JVM flags from BRIDLE_JAVA_OPTIONS, after its own; its collector gives way to one
            // given there.
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("BRIDLE_JAVA_OPTIONS", String.join(" ", jvm));
        }
        long started = System.nanoTime();
        Process p = pb.start();
        AtomicLong max = new AtomicLong();
        long[] seen = {-1, -1}; // the wrapper's JVM (the script execs it, so its pid): CPU ticks, VmHWM in KB
        while (!p.waitFor(10, TimeUnit.MILLISECONDS)) {
            max.accumulateAndGet(size(file), Math::max);
            if (PROGRAM != null) {
                sample(p.pid(), seen);
            }
        }
        long wall = System.nanoTime() - started;
        long end = size(file);
        String report = Files.readString(err, StandardCharsets.UTF_8);
        if (PROGRAM != null) {
            // Sampled every 10 ms until the process ended: CPU to within the last sample, the peak exactly.
            report = "bench exit=" + p.exitValue() + " runNanos=" + wall + " cpuNanos=" + seen[0] * 10_000_000L
                    + " hwmKb=" + seen[1];
        }
        Matcher m = REPORT.matcher(report);
        if (!m.find()) {
            throw new IllegalStateException("the " + mode + " child of " + steps + " steps said: " + report);
        }
        long events = 0;
        if (!mode.equals("no-record")) {
            try (RunStore store = RunStore.open(url)) {
                RunSummary run = store.runs().getFirst();
                events = store.lastSeq(run.id());
            }
        }
        return new Figures(mode, steps, Integer.parseInt(m.group(1)), wall, Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), Math.max(max.get(), end), end, events);
    }

    /** The CPU ticks (1/100 s) and peak RSS of process {@code pid} from {@code /proc}, where it can be read. */
    private static void sample(long pid, long[] seen) {
        try {
            String stat = Files.readString(Path.of("/proc", "" + pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            seen[0] = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime and stime
            for (String line : Files.readAllLines(Path.of("/proc", "" + pid, "status"))) {
                if (line.startsWith("VmHWM:")) {
                    seen[1] = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is ending; the last sample stands
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0; // H2 may be replacing the file at that moment; the next sample sees it
        }
    }

    private static String row(Figures f) {
        return String.format(Locale.ROOT, "%,d steps %-9s exit %d, wall %.2f s, cpu %.2f s, VmHWM %d MB,"
                        + " file max %s, end %s, %,d events", f.steps(), f.mode(), f.exit(), f.wallNanos() / 1e9,
                f.cpuNanos() / 1e9, f.hwmKb() / 1024, mb(f.maxFile()), mb(f.endFile()), f.events());
    }

    /** The Markdown table for docs/benchmarks.md. */
    static String table(List<Figures> all, List<Integer> lengths) {
        StringBuilder out = new StringBuilder();
        out.append("| steps | mode | events | wall | CPU | CPU per step | speed vs --no-record (wall) | store file,"
                + " largest while recording | bytes per event, largest | store file after | peak RSS (VmHWM) |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<Integer, Figures> bare = new LinkedHashMap<>();
        all.stream().filter(f -> f.mode().equals("no-record")).forEach(f -> bare.put(f.steps(), f));
        for (int steps : lengths) {
            for (Figures f : all.stream().filter(f -> f.steps() == steps).toList()) {
                Figures base = bare.get(steps);
                boolean recorded = !f.mode().equals("no-record");
                out.append(String.format(Locale.ROOT, "| %,d | %s | %s | %.2f s | %.2f s | %.0f µs | %s | %s | %s |"
                                + " %s | %d MB |%n",
                        steps, f.mode(), recorded ? String.format(Locale.ROOT, "%,d", f.events()) : "–",
                        f.wallNanos() / 1e9, f.cpuNanos() / 1e9, f.cpuNanos() / 1e3 / steps,
                        base == null || !recorded ? "–"
                                : String.format(Locale.ROOT, "%.2f×", (double) base.wallNanos() / f.wallNanos()),
                        recorded ? mb(f.maxFile()) : "–",
                        recorded && f.events() > 0 ? String.format(Locale.ROOT, "%,d", f.maxFile() / f.events()) : "–",
                        recorded ? mb(f.endFile()) : "–", f.hwmKb() / 1024));
            }
        }
        return out.toString();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static void deleteIfThere(Path dir) throws IOException {
        if (Files.exists(dir)) {
            delete(dir);
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The child: {@code bridle} with the given arguments, as {@code Main.main} runs it, then one line on stderr with
     * the exit code, the command's wall time, the process's CPU time and its peak RSS.
     */
    public static final class Child {

        private Child() {}

        public static void main(String[] args) throws IOException {
            long started = System.nanoTime();
            int code = Main.execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
            long run = System.nanoTime() - started;
            long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
            long hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst()
                    .orElse(-1L);
            System.err.printf("bench exit=%d runNanos=%d cpuNanos=%d hwmKb=%d%n", code, run, cpu, hwm);
            System.exit(code);
        }
    }
}
