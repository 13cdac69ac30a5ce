package dev.bridle.cli;

import dev.bridle.store.DataFolder;
import picocli.CommandLine.Option;

/** The {@code --db} option every command that touches the run store shares. */
final class StoreOption {
    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description = "The run store (default: an H2 file in the user's data folder, ${DEFAULT-VALUE}).",
            defaultValue = "${env:BRIDLE_DB}")
    String url;

    String url() {
        return url == null || url.isBlank() ? DataFolder.defaultDatabaseUrl() : url;
    }
}
