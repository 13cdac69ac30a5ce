package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.Outcome;
import dev.bridle.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class MainViewModelTest {

    @TempDir
    Path temp;

    private MainViewModel model;

    @BeforeAll
    static void startToolkit() throws Exception {
        // Runs hand their result back through the FX thread.
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeModel() throws Exception {
        if (model != null) {
            onFx(() -> {
                model.close();
                return null;
            });
        }
    }

    private MainViewModel open(Path folder) {
        model = new MainViewModel(new WorkbenchConfig(folder, RunStore.fileUrl(temp.resolve("db/runs"))));
        return model;
    }

    private static <T> T onFx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(20, TimeUnit.SECONDS);
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }

    private void runAndWait() throws Exception {
        onFx(() -> {
            model.run();
            return null;
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> !model.runningProperty().get()));
    }

    @Test
    void listsTheHarnessFilesOfTheFolderByNameAndSelectsTheFirst() throws Exception {
        Path folder = temp.resolve("project");
        Folders.write(folder.resolve("b.harness.yaml"), Folders.MALFORMED_HARNESS);
        Folders.write(folder.resolve("a.harness.json"), "{}");
        Folders.write(folder.resolve("c.harness.yml"), Folders.MALFORMED_HARNESS);
        Folders.write(folder.resolve("notes.md"), "# not a harness");
        Folders.write(folder.resolve(".harness.yaml"), "no name before the suffix");

        open(folder);

        assertThat(names(model.harnessFiles())).containsExactly("a.harness.json", "b.harness.yaml", "c.harness.yml");
        assertThat(model.selectedHarnessProperty().get()).isEqualTo(folder.resolve("a.harness.json"));
    }

    @Test
    void findsTheScenariosInTheFolderNamedAfterTheHarnessAndSelectsTheFirst() {
        open(Folders.SAMPLES);

        assertThat(names(model.harnessFiles())).contains("runaway-agent.harness.yaml", "looping-agent.harness.yaml");
        assertThat(model.selectedHarnessProperty().get().getFileName()).hasToString("runaway-agent.harness.yaml");
        assertThat(names(model.scenarioFiles()))
                .containsExactly("answers-in-bounds.scenario.yaml", "loops-forever.scenario.yaml",
                        "uses-every-step.scenario.yaml");
        // the README's walkthrough, not the first by name
        assertThat(model.selectedScenarioProperty().get().getFileName()).hasToString("loops-forever.scenario.yaml");
        assertThat(model.harnessProperty().get().harness().name()).isEqualTo("runaway-agent");
        assertThat(model.problems()).isEmpty();
        assertThat(model.canRunProperty().get()).isTrue();
        assertThat(model.statusProperty().get().text())
                .isEqualTo("ready: runaway-agent with scenario loops-forever");
    }

    @Test
    void eventsShownFromATestRunAreHeadedByThatTestNotTheLastRun() {
        open(Folders.SAMPLES);

        model.showEvents("test runaway-agent/loops-forever (passed)", List.of());

        assertThat(model.lastRunProperty().get()).isEqualTo("test runaway-agent/loops-forever (passed): 0 events");
    }

    @Test
    void selectingAScenarioReadsIt() {
        open(Folders.SAMPLES);

        model.selectScenario(model.scenarioFiles().get(0));

        assertThat(model.scenarioProperty().get().scenario().name()).isEqualTo("answers-in-bounds");
        assertThat(model.statusProperty().get().text()).endsWith("with scenario answers-in-bounds");
    }

    @Test
    void malformedHarnessListsItsProblemWithFileLineAndColumnAndCannotRun() throws Exception {
        Path folder = Folders.copyOfSamples(temp.resolve("project"));
        Path broken = Folders.write(folder.resolve("broken.harness.yaml"), Folders.MALFORMED_HARNESS);

        open(folder);
        model.selectHarness(broken);

        assertThat(model.harnessProperty().get()).isNull();
        assertThat(model.problems()).singleElement().asString()
                .startsWith(broken + ":")
                .matches(".*broken\\.harness\\.yaml:\\d+:\\d+: syntax error: .*");
        assertThat(model.canRunProperty().get()).isFalse();
        assertThat(model.statusProperty().get().tone()).isEqualTo(Status.Tone.DANGER);
        assertThat(model.statusProperty().get().text()).contains("broken.harness.yaml cannot be used: 1 problem");
    }

    @Test
    void selectingAValidHarnessAfterABrokenOneClearsTheProblems() throws Exception {
        Path folder = Folders.copyOfSamples(temp.resolve("project"));
        Path broken = Folders.write(folder.resolve("broken.harness.yaml"), Folders.MALFORMED_HARNESS);
        open(folder);
        model.selectHarness(broken);

        model.selectHarness(folder.resolve("runaway-agent.harness.yaml"));

        assertThat(model.problems()).isEmpty();
        assertThat(model.canRunProperty().get()).isTrue();
    }

    @Test
    void harnessThatReadsButDoesNotValidateReportsEveryProblem() throws Exception {
        Path folder = temp.resolve("project");
        Folders.write(folder.resolve("lost.harness.yaml"), """
                bridle: 1
                name: lost
                agents:
                  a: { system: hi }
                workflow:
                  start: work
                  nodes:
                    work: { agent: a, next: nowhere }
                    done: { end: completed }
                """);

        open(folder);

        assertThat(model.problems()).anySatisfy(line -> assertThat(line)
                .matches(".*lost\\.harness\\.yaml:\\d+:\\d+: next names 'nowhere', which is not a node.*"));
        assertThat(model.canRunProperty().get()).isFalse();
    }

    @Test
    void scenarioThatDoesNotValidateShowsItsProblemsAndCannotRun() throws Exception {
        Path folder = Folders.copyOfSamples(temp.resolve("project"));
        Folders.write(folder.resolve("runaway-agent/aaa-bad.scenario.yaml"), """
                bridle: 1
                harness: ../runaway-agent.harness.yaml
                """);

        open(folder);
        model.selectScenario(folder.resolve("runaway-agent/aaa-bad.scenario.yaml"));

        assertThat(model.selectedScenarioProperty().get().getFileName()).hasToString("aaa-bad.scenario.yaml");
        assertThat(model.problems()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches(".*aaa-bad\\.scenario\\.yaml:\\d+:\\d+: .*"));
        assertThat(model.harnessProperty().get()).isNotNull();
        assertThat(model.canRunProperty().get()).isFalse();
        assertThat(model.statusProperty().get().text()).startsWith("scenario aaa-bad cannot be used");
    }

    @Test
    void harnessWithoutScenariosCannotRunAndSaysWhereToPutOne() throws Exception {
        Path folder = temp.resolve("project");
        Folders.write(folder.resolve("alone.harness.yaml"),
                Files.readString(Folders.SAMPLES.resolve("runaway-agent.harness.yaml")));

        open(folder);

        assertThat(model.harnessProperty().get()).isNotNull();
        assertThat(model.scenarioFiles()).isEmpty();
        assertThat(model.canRunProperty().get()).isFalse();
        assertThat(model.statusProperty().get().text()).startsWith("no scenarios for alone: add one to");
    }

    @Test
    void missingFolderIsAMessage() {
        open(temp.resolve("nowhere"));

        assertThat(model.harnessFiles()).isEmpty();
        assertThat(model.canRunProperty().get()).isFalse();
        assertThat(model.statusProperty().get().tone()).isEqualTo(Status.Tone.DANGER);
        assertThat(model.statusProperty().get().text()).contains("does not exist");
    }

    @Test
    void reloadReadsAFixedHarnessAndKeepsTheSelection() throws Exception {
        Path folder = Folders.copyOfSamples(temp.resolve("project"));
        Path broken = Folders.write(folder.resolve("broken.harness.yaml"), Folders.MALFORMED_HARNESS);
        open(folder);
        model.selectHarness(broken);
        Folders.write(broken, Files.readString(folder.resolve("runaway-agent.harness.yaml")));

        model.reload();

        assertThat(model.selectedHarnessProperty().get()).isEqualTo(broken);
        assertThat(model.problems()).isEmpty();
        assertThat(model.harnessProperty().get()).isNotNull();
    }

    @Test
    void runStopsByTheBudgetAndShowsTheEventsReadBackFromTheStore() throws Exception {
        open(Folders.SAMPLES);
        model.selectScenario(model.scenarioFiles().get(1));

        runAndWait();

        onFx(() -> {
            assertThat(model.lastResultProperty().get().outcome()).isEqualTo(Outcome.STOPPED);
            assertThat(model.statusProperty().get()).isEqualTo(new Status(Status.Tone.WARNING,
                    "stopped by guard 'budget' (steps=12 (limit steps.max=12)) at step 12"));
            assertThat(model.events()).extracting(EventRow::kind).contains("guard.triggered").last()
                    .isEqualTo("run.ended");
            assertThat(model.events()).filteredOn(r -> r.kind().equals("guard.triggered"))
                    .singleElement().satisfies(r -> assertThat(r.rule()).isEqualTo("budget"));
            assertThat(model.events()).extracting(EventRow::seq).startsWith(1L, 2L, 3L);
            assertThat(model.lastRunProperty().get()).contains("loops-forever").contains("as the scenario expects");
            assertThat(model.canRunProperty().get()).isTrue();
            return null;
        });
        onFx(() -> {
            model.close();
            return null;
        });
        try (RunStore store = RunStore.open(RunStore.fileUrl(temp.resolve("db/runs")))) {
            assertThat(store.runs()).singleElement()
                    .satisfies(r -> assertThat(r.outcome()).contains(Outcome.STOPPED));
        }
    }

    @Test
    void completedRunIsShownAsASuccess() throws Exception {
        open(Folders.SAMPLES);
        model.selectScenario(model.scenarioFiles().getFirst());

        runAndWait();

        Status status = onFx(() -> model.statusProperty().get());
        assertThat(status.tone()).isEqualTo(Status.Tone.SUCCESS);
        assertThat(status.text()).startsWith("completed by rule 'answered'");
    }

    @Test
    void storeThatCannotBeOpenedIsAMessageAndRunCanBeTriedAgain() throws Exception {
        Path notAFolder = Folders.write(temp.resolve("file"), "a file, not a folder");
        model = new MainViewModel(new WorkbenchConfig(Folders.SAMPLES, RunStore.fileUrl(notAFolder.resolve("runs"))));

        runAndWait();

        Status status = onFx(() -> model.statusProperty().get());
        assertThat(status.tone()).isEqualTo(Status.Tone.DANGER);
        assertThat(status.text()).contains("run store");
        assertThat(onFx(() -> model.canRunProperty().get())).isTrue();
        assertThat(onFx(() -> model.events().size())).isZero();
    }

    /** History's Open, waited for until the status line no longer says it is opening. */
    private void openAndWait(dev.bridle.store.RunSummary run) throws Exception {
        onFx(() -> {
            model.openRun(run);
            return null;
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> onFx(() -> model.statusProperty().get().tone() != Status.Tone.BUSY));
    }

    @Test
    void aRunOpenedAfterItsHarnessChangedIsShownWithoutIt() throws Exception {
        Path folder = Folders.copyOfSamples(temp.resolve("policies"));
        open(folder);
        runAndWait();
        // the store belongs to the background thread
        dev.bridle.store.RunSummary run = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> model.store().runs().getFirst(), model.background()).get(20, TimeUnit.SECONDS);

        // as it ran: its harness and scenario are found again
        openAndWait(run);
        onFx(() -> {
            assertThat(model.statusProperty().get()).extracting(Status::tone).isEqualTo(Status.Tone.NEUTRAL);
            assertThat(model.shownSource().harness().harness().name()).isEqualTo("runaway-agent");
            assertThat(model.shownSource().scenario().scenario().name()).isEqualTo("loops-forever");
            return null;
        });

        // edited since: the run is still shown, from the store, without a harness to explain it
        Path harness = folder.resolve("runaway-agent.harness.yaml");
        java.nio.file.Files.writeString(harness, java.nio.file.Files.readString(harness) + "\n# edited\n");
        openAndWait(run);
        onFx(() -> {
            assertThat(model.statusProperty().get()).isEqualTo(Status.warning("opened the run of runaway-agent from "
                    + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                            .format(run.startedAt().atZone(java.time.ZoneId.systemDefault()))
                    + "; its harness has changed since, so Why? cannot explain it"));
            assertThat(model.shownSource().harness()).isNull();
            assertThat(model.events()).extracting(EventRow::kind).last().isEqualTo("run.ended");
            assertThat(model.hasEventsProperty().get()).isTrue();
            return null;
        });
    }
}
