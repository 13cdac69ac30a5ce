package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresStoreSmokeTest {
    @Test
    void opens() {
        String url = TestPostgres.freshUrl();
        try (RunStore store = RunStore.open(url)) {
            try (Recording r = store.begin(RecordingTest.start("a"), Durability.BATCHED)) {
                SyntheticRun.of(300, RecordingTest.T0).forEach(r::accept);
            }
            assertThat(store.events("a")).hasSize(300);
            assertThat(store.contextSeries("a", 3)).isNotEmpty();
        }
    }
}
