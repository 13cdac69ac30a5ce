package dev.bridle.app;

import javafx.application.Application;

/**
 * Starts the workbench. Not an {@link Application} on purpose: the {@code java} launcher starts the JavaFX toolkit
 * before {@code main} when the main class is one, so the document readers could only be warmed up after it. From here
 * they load on a second thread while the toolkit starts, which matters most without the launcher's class cache.
 */
public final class Workbench {

    private Workbench() {}

    public static void main(String[] args) {
        BridleApp.warmUp();
        Application.launch(BridleApp.class, args);
    }
}
