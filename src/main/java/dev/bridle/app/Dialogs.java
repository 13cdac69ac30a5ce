package dev.bridle.app;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Every question the workbench asks the user goes through here, so that tests can answer instead of a person and
 * the views never build dialogs themselves.
 */
public interface Dialogs {

    /** What to do with unsaved work. */
    enum SaveChoice {
        SAVE,
        DISCARD,
        CANCEL
    }

    /** Asks whether to save the unsaved changes of {@code document}. */
    SaveChoice askToSave(String document);

    /** Asks a yes/no question; {@code true} for yes. */
    boolean confirm(String title, String question);

    /** Asks for a harness file to open, starting in {@code folder}. */
    Optional<Path> chooseFileToOpen(Path folder);

    /** Asks where to save {@code suggestedName}, starting in {@code folder}. */
    Optional<Path> chooseFileToSave(Path folder, String suggestedName);

    /** Asks for a project folder, starting in {@code folder}. */
    Optional<Path> chooseFolder(Path folder);

    /** Tells the user something they should know that needs no answer. */
    void inform(String title, String message);

    /** Tells the user something went wrong. */
    void error(String title, String message);
}
