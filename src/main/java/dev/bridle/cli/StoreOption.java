package dev.bridle.cli;

import dev.bridle.store.DataFolder;
import picocli.CommandLine.Option;

/** The {@code --db} option every command that touches the run store shares. */
final class StoreOption {
    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            // No ${DEFAULT-VALUE} here: without BRIDLE_DB it is empty, and the help would read "null".
            description = "The run store, as a JDBC URL (default: the BRIDLE_DB environment variable, else the H2"
                    + " file runs.mv.db in the user's data folder; BRIDLE_HOME moves that folder). A team shares"
                    + " jdbc:postgresql://HOST/DB?user=NAME; its password comes from BRIDLE_DB_PASSWORD, PGPASSWORD"
                    + " or the PGPASSFILE / ~/.pgpass file.",
            defaultValue = "${env:BRIDLE_DB}")
    String url;

    String url() {
        return url == null || url.isBlank() ? DataFolder.defaultDatabaseUrl() : url;
    }
}
