package dev.bridle.app;

import dev.bridle.app.run.RecentBindings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.prefs.Preferences;

/**
 * What the workbench remembers between sessions (java.util.prefs): the theme, the last project folder and the recent
 * model bindings. Tests inject an in-memory node; only {@link #user()} reaches the user's real store.
 */
public final class WorkbenchPrefs {

    private static final String DARK = "dark";
    private static final String FOLDER = "lastFolder";

    private final Preferences node;

    public WorkbenchPrefs(Preferences node) {
        this.node = node;
    }

    /** The user's preferences for the workbench. */
    public static WorkbenchPrefs user() {
        return new WorkbenchPrefs(Preferences.userRoot().node("dev/bridle/workbench"));
    }

    /** The model bindings run with lately, kept in the same preferences node. */
    public RecentBindings recentBindings() {
        return new RecentBindings(node);
    }

    public boolean dark() {
        return node.getBoolean(DARK, false);
    }

    public void setDark(boolean dark) {
        node.putBoolean(DARK, dark);
    }

    /** The folder opened last, when it still exists. */
    public Optional<Path> lastFolder() {
        String f = node.get(FOLDER, null);
        return f == null ? Optional.empty() : Optional.of(Path.of(f)).filter(Files::isDirectory);
    }

    public void setLastFolder(Path folder) {
        node.put(FOLDER, folder.toAbsolutePath().normalize().toString());
    }

    /** Whether the side pane {@code pane} was open when last seen (open the first time). */
    public boolean paneShown(String pane) {
        return node.getBoolean("pane." + pane, true);
    }

    public void setPaneShown(String pane, boolean shown) {
        node.putBoolean("pane." + pane, shown);
    }
}
