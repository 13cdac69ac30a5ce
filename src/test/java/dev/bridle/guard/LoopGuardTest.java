package dev.bridle.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.GuardSpec;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LoopGuardTest {

    private static LoopGuard loop(int window, int repeats, int period, int cycles) {
        return new LoopGuard(new GuardSpec.Loop("loop", window, repeats, period, cycles, Optional.empty(),
                GuardSpec.STOP_ONLY));
    }

    @Test
    void loopGuardStopsOnTheThirdIdenticalAction() {
        LoopGuard g = loop(6, 3, 1, 3);
        assertThat(g.record("read a")).isEmpty();
        assertThat(g.record("read a")).isEmpty();
        assertThat(g.record("read a")).get().asString().contains("read a repeated 3 times");
    }

    @Test
    void identicalActionsOutsideTheWindowDoNotCount() {
        LoopGuard g = loop(3, 3, 1, 3);
        assertThat(g.record("a")).isEmpty();
        assertThat(g.record("b")).isEmpty();
        assertThat(g.record("c")).isEmpty();
        assertThat(g.record("a")).isEmpty();
        assertThat(g.record("d")).isEmpty();
        assertThat(g.record("a")).isEmpty(); // the first 'a' has left the window of 3
    }

    @Test
    void pingPongIsACycleOfTwo() {
        LoopGuard g = loop(10, 5, 3, 2);
        assertThat(g.record("a")).isEmpty();
        assertThat(g.record("b")).isEmpty();
        assertThat(g.record("a")).isEmpty();
        assertThat(g.record("b")).get().asString().contains("a cycle of 2 actions repeated 2 times (a -> b)");
    }

    @Test
    void aCycleOfThreeIsFoundToo() {
        LoopGuard g = loop(20, 5, 3, 2);
        for (String s : new String[] {"a", "b", "c", "a", "b"}) {
            assertThat(g.record(s)).isEmpty();
        }
        assertThat(g.record("c")).get().asString().contains("a cycle of 3 actions repeated 2 times (a -> b -> c)");
    }

    @Test
    void varietyIsNotALoop() {
        LoopGuard g = loop(8, 3, 4, 2);
        IntStream.range(0, 10_000).forEach(i -> assertThat(g.record("read file " + i)).isEmpty());
    }

    @Test
    void onlyTheWatchedAgentsActionsCount() {
        LoopGuard g = new LoopGuard(new GuardSpec.Loop("loop", 6, 2, 1, 2, Optional.of("a"), GuardSpec.STOP_ONLY));
        Facts other = new Facts();
        other.agent = "b";
        other.lastActions = java.util.List.of("x");
        assertThat(g.afterStep(other)).isEmpty();
        assertThat(g.afterStep(other)).isEmpty();
        Facts mine = new Facts();
        mine.agent = "a";
        mine.lastActions = java.util.List.of("x", "x");
        assertThat(g.afterStep(mine)).isPresent();
    }
}
