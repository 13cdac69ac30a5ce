package dev.bridle.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Dialogs answered by the test: where to save, and what to say to every question. */
final class ScriptedDialogs implements Dialogs {

    Path saveTo;
    boolean answer = true;
    SaveChoice saveChoice = SaveChoice.DISCARD;
    final List<String> asked = new ArrayList<>();

    @Override
    public SaveChoice askToSave(String document) {
        asked.add("save " + document);
        return saveChoice;
    }

    @Override
    public boolean confirm(String title, String question) {
        asked.add(title);
        return answer;
    }

    @Override
    public Optional<Path> chooseFileToOpen(Path folder) {
        return Optional.empty();
    }

    @Override
    public Optional<Path> chooseFileToSave(Path folder, String suggestedName) {
        asked.add("save as " + suggestedName);
        return Optional.ofNullable(saveTo);
    }

    @Override
    public Optional<Path> chooseFolder(Path folder) {
        return Optional.empty();
    }

    @Override
    public void inform(String title, String message) {
        asked.add("inform " + title + ": " + message);
    }

    @Override
    public void error(String title, String message) {
        asked.add("error " + title + ": " + message);
    }
}
