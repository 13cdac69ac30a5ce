package dev.bridle.bench;

import dev.bridle.gateway.Gateway;
import dev.bridle.gateway.GatewayConfig;
import dev.bridle.gateway.GatewayConfig.Limits;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * The gateway of {@link GatewayBench}'s throughput measurement, in a JVM of its own so that the CPU time it uses
 * (request threads, store writer, garbage collector, compiler) can be read from outside, apart from the load
 * generator's and the model server's: {@code GatewayBenchServer UPSTREAM_URL (STORE_DIR | --no-store)}. It prints
 * {@code port N} once it listens and stops when its standard input ends.
 */
final class GatewayBenchServer {

    private GatewayBenchServer() {}

    public static void main(String[] args) throws Exception {
        Harness harness = HarnessReader.parse("bench.harness.yaml", GatewayBench.HARNESS).harness();
        URI upstream = URI.create(args[0]);
        boolean record = !args[1].equals("--no-store");
        try (RunStore store = record ? RunStore.open(RunStore.fileUrl(Path.of(args[1]).resolve("runs"))) : null;
                // Throughput sessions are few, but the cap is lifted as in GatewayBench so that it never answers 429.
                Gateway gateway = Gateway.start((record ? GatewayConfig.of(harness, upstream).withStore(store)
                        : GatewayConfig.of(harness, upstream)).withLimits(Limits.defaults()
                        .withMaxSessions(Integer.MAX_VALUE)))) {
            System.out.println("port " + gateway.port());
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // Waits for the parent to close the pipe (or to die).
            }
        }
    }
}
