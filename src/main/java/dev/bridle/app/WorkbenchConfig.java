package dev.bridle.app;

import dev.bridle.store.DataFolder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a workbench window opens: the project folder with its harnesses and scenarios, and the run store.
 *
 * @param folder the folder holding {@code NAME.harness.yaml} files and their {@code NAME/*.scenario.yaml} scenarios
 * @param databaseUrl the JDBC URL of the run store
 * @param open the file name of the harness shown first, when the folder has it; otherwise the first by name
 * @param scenario the file name of the scenario of that harness selected first, when it has it; otherwise its first
 */
public record WorkbenchConfig(Path folder, String databaseUrl, String open, String scenario) {

    /** The harness shown first by default: the sample the README walks through. */
    public static final String DEFAULT_OPEN = "runaway-agent.harness.yaml";

    /** The scenario selected first by default: the README's walkthrough runs it and reads the budget's stop. */
    public static final String DEFAULT_SCENARIO = "loops-forever.scenario.yaml";

    /** The folder the workbench opens when none is given. */
    public static final Path DEFAULT_FOLDER = Path.of("sample-policies");

    /** The environment variable that names the run store, as for the CLI's {@code --db}. */
    public static final String DATABASE_VARIABLE = "BRIDLE_DB";

    public WorkbenchConfig {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(scenario, "scenario");
    }

    public WorkbenchConfig(Path folder, String databaseUrl, String open) {
        this(folder, databaseUrl, open, DEFAULT_SCENARIO);
    }

    public WorkbenchConfig(Path folder, String databaseUrl) {
        this(folder, databaseUrl, DEFAULT_OPEN);
    }

    /**
     * Reads the application's named parameters ({@code --folder=PATH}, {@code --db=JDBC_URL}, {@code --open=FILE});
     * what is missing comes
     * from the environment ({@code BRIDLE_DB}) and then from the defaults.
     */
    public static WorkbenchConfig fromParameters(Map<String, String> named, Function<String, String> environment) {
        Path folder = present(named.get("folder")) ? Path.of(named.get("folder")) : DEFAULT_FOLDER;
        String db = named.get("db");
        if (!present(db)) {
            db = environment.apply(DATABASE_VARIABLE);
        }
        String open = present(named.get("open")) ? named.get("open") : DEFAULT_OPEN;
        return new WorkbenchConfig(folder, present(db) ? db : DataFolder.defaultDatabaseUrl(), open);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
