package dev.bridle.app.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.store.Durability;
import dev.bridle.store.Recording;
import dev.bridle.store.RunStart;
import dev.bridle.store.RunStore;
import dev.bridle.store.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The History list follows a second writer on the same store (another process, gateway or workbench; here a second
 * store opened on the same URL, with its own connections), on both stores, without anybody pressing refresh.
 */
@ExtendWith(ApplicationExtension.class)
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class HistoryWatchTest {

    @Parameter
    StoreKind kind;

    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private RunStore workbench;

    @AfterEach
    void close() throws Exception {
        background.submit(() -> workbench.close()).get();
        background.shutdown();
    }

    @Test
    void theListFollowsRunsThatAnotherWriterAddsAndEnds() throws Exception {
        String url = kind.url(dir);
        workbench = RunStore.open(url);
        HistoryViewModel model = new HistoryViewModel(() -> workbench, background);
        model.refresh();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "0 runs".equals(model.messageProperty().get()));
        try (AutoCloseable watching = model.watch(Duration.ofMillis(200));
                RunStore gateway = RunStore.open(url)) {
            Instant t0 = Instant.parse("2026-12-01T09:00:00Z");
            for (int i = 1; i <= 3; i++) {
                try (Recording r = gateway.begin(new RunStart("gw-" + i, "h", "0".repeat(64), "mock:m",
                        t0.plusSeconds(i)), Durability.BATCHED)) {
                    r.accept(new RunEvent.RunStarted(1, t0.plusSeconds(i), 0, "h", "mock:m"));
                }
                int expected = i;
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.runs().size() == expected);
            }
            assertThat(model.runs()).extracting(s -> s.id()).containsExactly("gw-3", "gw-2", "gw-1");
            // An open run shows as open, then ended once the other writer ends it.
            Recording open = gateway.begin(new RunStart("gw-open", "h", "0".repeat(64), "mock:m",
                    t0.plusSeconds(10)), Durability.BATCHED);
            open.accept(new RunEvent.RunStarted(1, t0.plusSeconds(10), 0, "h", "mock:m"));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.runs().size() == 4
                    && model.runs().getFirst().outcome().isEmpty());
            open.close();
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.runs().getFirst().outcome().isPresent());
            List<String> ids = model.runs().stream().map(s -> s.id()).toList();
            assertThat(ids).containsExactly("gw-open", "gw-3", "gw-2", "gw-1");
        }
    }
}
