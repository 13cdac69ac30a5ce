package dev.bridle.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspaceChangedEventTest {

    private final RunEvent.WorkspaceChanged event = new RunEvent.WorkspaceChanged(7,
            Instant.parse("2026-01-02T03:04:05Z"), 2, "code", "coder", "fs.write", List.of(
                    new RunEvent.FileChange("src/Order.java", "changed", "@@ -1,1 +1,1 @@\n-a\n+b\n"),
                    new RunEvent.FileChange("gen", "created", ""),
                    new RunEvent.FileChange("gen/x.txt", "created", "@@ -0,0 +1,1 @@\n+x\n")));

    @Test
    void aWorkspaceChangeIsStoredAndReadBackWithItsFilesAndDiffs() {
        RunEvent back = EventJson.read("workspace.changed", EventJson.write(event));
        assertThat(back).isEqualTo(event);
        assertThat(back.kind()).isEqualTo("workspace.changed");
    }

    @Test
    void itsSummaryNamesTheCauseAndTheFiles() {
        assertThat(event.summary()).isEqualTo("fs.write: src/Order.java changed, gen created, gen/x.txt created");
    }

    @Test
    void theChangesOfARunAreReadByStepAndUpToAnEvent() {
        RunEvent.WorkspaceChanged restore = new RunEvent.WorkspaceChanged(12, event.at(), 3, "verify", null,
                "checkpoint 'save' restored", List.of(new RunEvent.FileChange("gen/x.txt", "deleted", "")));
        RunEvent other = new RunEvent.NodeEntered(9, event.at(), 3, "verify", null);
        List<RunEvent> run = List.of(event, other, restore);
        assertThat(WorkspaceChanges.byStep(run)).containsOnlyKeys(2, 3);
        assertThat(WorkspaceChanges.byStep(run).get(3)).extracting(RunEvent.FileChange::change)
                .containsExactly("deleted");
        assertThat(WorkspaceChanges.upTo(run, 9)).containsOnlyKeys("src/Order.java", "gen", "gen/x.txt");
        assertThat(WorkspaceChanges.upTo(run, 12).get("gen/x.txt").change()).isEqualTo("deleted");
        assertThat(WorkspaceChanges.counts(run)).containsEntry("created", 2).containsEntry("deleted", 1);
    }
}
