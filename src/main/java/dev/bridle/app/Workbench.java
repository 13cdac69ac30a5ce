package dev.bridle.app;

import java.util.Locale;
import javafx.application.Application;

/**
 * Starts the workbench. Not an {@link Application} on purpose: the {@code java} launcher starts the JavaFX toolkit
 * before {@code main} when the main class is one, so the document readers could only be warmed up after it. From here
 * they load on a second thread while the toolkit starts, which matters most without the launcher's class cache.
 */
public final class Workbench {

    private Workbench() {}

    /** The exit code when there is no display to open the window on, as for the CLI's bad input. */
    static final int NO_DISPLAY = 2;

    public static void main(String[] args) {
        if (!hasDisplay(System.getProperty("os.name", ""), System.getenv("DISPLAY"),
                System.getProperty("glass.platform"))) {
            // Without this, JavaFX fails deep in its toolkit with a stack trace that never says "DISPLAY".
            System.err.println("bridle-workbench: no display to open the window on (DISPLAY is not set); start it"
                    + " in a desktop session, or use the command line (target/bridle) without one");
            System.exit(NO_DISPLAY);
        }
        BridleApp.warmUp();
        Application.launch(BridleApp.class, args);
    }

    /**
     * Whether the toolkit can open a window: on Linux and the BSDs JavaFX draws through GTK on X11 (XWayland under
     * Wayland), which needs {@code DISPLAY}; macOS and Windows always have their window system. A chosen glass
     * platform (Monocle, headless) needs none.
     */
    static boolean hasDisplay(String osName, String display, String glassPlatform) {
        String os = osName.toLowerCase(Locale.ROOT);
        return os.startsWith("mac") || os.startsWith("windows") || (glassPlatform != null && !glassPlatform.isBlank())
                || (display != null && !display.isBlank());
    }
}
