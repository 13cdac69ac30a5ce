package dev.bridle.store;

import java.nio.file.Path;
import java.util.Locale;

/** Where Bridle keeps its data when the user does not say: the platform's per-user data folder. */
public final class DataFolder {

    private DataFolder() {}

    /** {@code $XDG_DATA_HOME/bridle} or {@code ~/.local/share/bridle} on Linux, the usual places elsewhere. */
    public static Path path() {
        String override = System.getenv("BRIDLE_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String home = System.getProperty("user.home");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return Path.of(appData != null ? appData : home, "Bridle");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "Bridle");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return Path.of(xdg != null && !xdg.isBlank() ? xdg : Path.of(home, ".local", "share").toString(), "bridle");
    }

    /** The JDBC URL of the default run store, a file database in the data folder. */
    public static String defaultDatabaseUrl() {
        return RunStore.fileUrl(path().resolve("runs"));
    }
}
