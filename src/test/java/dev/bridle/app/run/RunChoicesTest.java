package dev.bridle.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.engine.Approver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import dev.bridle.app.MemoryPreferences;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunChoicesTest {

    private final Preferences node = new MemoryPreferences().node("dev/bridle/test");

    @AfterEach
    void removeNode() throws Exception {
        node.removeNode();
    }

    @Test
    void recentBindingsAreRememberedNewestFirstAfterTheMock() {
        RecentBindings recent = new RecentBindings(node);
        recent.used("ollama:llama3.2");
        recent.used("openai:http://localhost:1234/v1#qwen2.5");
        recent.used("ollama:llama3.2");
        assertThat(new RecentBindings(node).list())
                .containsExactly("mock", "ollama:llama3.2", "openai:http://localhost:1234/v1#qwen2.5");
    }

    @Test
    void recentBindingsKeepAtMostEight() {
        RecentBindings recent = new RecentBindings(node);
        for (int i = 0; i < 12; i++) {
            recent.used("ollama:m" + i);
        }
        assertThat(recent.list()).hasSize(1 + RecentBindings.MAX).element(1).isEqualTo("ollama:m11");
    }

    private static final Approver.Question QUESTION =
            new Approver.Question("delete-drafts-asks", "tidy", "assistant", "may assistant fs.delete docs/x.md?");

    @Test
    void theUsersAnswerIsTheRunsAnswer() {
        DialogApprover approver = new DialogApprover(q -> CompletableFuture.completedFuture(true), Duration.ofSeconds(5));
        assertThat(approver.answer(QUESTION)).isEqualTo(new Approver.Answer(true, "user"));
    }

    @Test
    void noAnswerInTimeIsARejection() {
        DialogApprover approver = new DialogApprover(q -> new CompletableFuture<>(), Duration.ofMillis(50));
        Approver.Answer answer = approver.answer(QUESTION);
        assertThat(answer.approved()).isFalse();
        assertThat(answer.by()).startsWith("timeout");
    }
}
