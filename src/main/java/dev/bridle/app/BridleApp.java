package dev.bridle.app;

import java.util.HashMap;
import java.util.Map;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The Bridle workbench application. Parameters: {@code --folder=PATH} (default: the folder opened last, then
 * {@code sample-policies}), {@code --db=JDBC_URL} (default: the {@code BRIDLE_DB} environment variable, then the
 * store in the user's data folder) and {@code --open=FILE}.
 */
public final class BridleApp extends Application {

    private MainWindow window;

    @Override
    public void start(Stage stage) {
        WorkbenchPrefs prefs = WorkbenchPrefs.user();
        Map<String, String> named = new HashMap<>(getParameters().getNamed());
        if (!named.containsKey("folder")) {
            prefs.lastFolder().ifPresent(f -> named.put("folder", f.toString()));
        }
        WorkbenchConfig config = WorkbenchConfig.fromParameters(named, System::getenv);
        prefs.setLastFolder(config.folder());
        window = MainWindow.open(stage, config, new FxDialogs(stage), prefs);
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
    }

    /** Starts the workbench; {@link Workbench#main} starts it sooner. */
    public static void main(String[] args) {
        Workbench.main(args);
    }

    /**
     * Loads the document readers (Jackson, the JSON Schema, the CEL compiler, the scenario reader) on a second thread
     * while the toolkit starts, so that reading the first harness and its scenario does not hold the window back.
     */
    static void warmUp() {
        Thread t = new Thread(() -> {
            try {
                readWarmUpDocuments();
            } catch (dev.bridle.policy.DocumentException | RuntimeException ignored) {
                // only a warm-up: the real read reports its own problems
            }
        }, "bridle-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Reads a small harness and a scenario of it, through the same readers as the first window's. */
    static void readWarmUpDocuments() throws dev.bridle.policy.DocumentException {
        dev.bridle.policy.HarnessReader.parse("warm-up.harness.yaml", """
                bridle: 1
                name: warm-up
                agents: { a: { tools: [t] } }
                workflow:
                  start: c
                  nodes:
                    c: { check: "steps > 0", then: e, else: e }
                    e: { end: completed }
                """);
        dev.bridle.policy.ScenarioReader.parse(java.nio.file.Path.of("warm-up/w.scenario.yaml"), """
                bridle: 1
                harness: ../warm-up.harness.yaml
                task: warm up
                model: { turns: [ { calls: [ { tool: t, args: { path: a } } ] }, { say: done } ] }
                tools: { t: { result: "r" } }
                expect: { outcome: completed, rule: answered, step: 2 }
                """);
    }
}
