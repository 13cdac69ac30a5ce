package dev.bridle.app.run;

import dev.bridle.engine.Why;
import dev.bridle.event.RunEvent;
import dev.bridle.export.Bundle;
import dev.bridle.export.BundleException;
import dev.bridle.export.RunJournal;
import dev.bridle.export.SigningKeys;
import dev.bridle.export.WhatIf;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The workbench's actions on a harness and its last run: "Why?" on an event, export for production, and replaying
 * the run under another harness (what-if). Each shows its result in a dialog; failures are one line, never a trace.
 */
public final class RunActions {

    private RunActions() {}

    /** The text of "Why?" for an event of a run. */
    public static String why(Harness harness, List<RunEvent> events, RunEvent event) {
        return Why.explain(harness, events, event);
    }

    public static void showWhy(Window owner, Harness harness, List<RunEvent> events, RunEvent event) {
        show(owner, "Why?", "#" + event.seq() + " " + event.kind() + (event.rule() == null ? ""
                : " — rule '" + event.rule() + "'"), why(harness, events, event));
    }

    /** What-if: the run's recorded replies and tool results replayed under another harness, as a report. */
    public static String replayUnder(Harness other, List<RunEvent> events) {
        WhatIf.Report report = WhatIf.run(other, new RunJournal.Recorded(Optional.empty(), events));
        return WhatIf.render(other, report);
    }

    /**
     * Asks for a harness file and shows what the last run would have been under it; {@code events} hands over the
     * run's events (read from the store only once a harness is chosen).
     */
    public static void chooseAndReplay(Window owner, Path folder,
            java.util.function.Consumer<java.util.function.Consumer<List<RunEvent>>> events) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Replay the last run under…");
        chooser.setInitialDirectory(folder.toFile().isDirectory() ? folder.toFile() : null);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Harnesses", "*.harness.yaml",
                "*.harness.yml", "*.harness.json"));
        File file = chooser.showOpenDialog(owner);
        if (file == null) {
            return;
        }
        try {
            Harness other = HarnessReader.read(file.toPath()).harness();
            // A long run takes a second or more to replay: off the FX thread, the dialog when it is done.
            events.accept(recorded -> java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> replayUnder(other, recorded))
                    .whenComplete((text, failure) -> javafx.application.Platform.runLater(() -> {
                        if (failure == null) {
                            show(owner, "What if", "The last run replayed under " + file.getName() + ", offline",
                                    text);
                        } else {
                            Throwable why = failure.getCause() == null ? failure : failure.getCause();
                            show(owner, "What if", "The last run cannot be replayed under " + file.getName(),
                                    why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage());
                        }
                    })));
        } catch (DocumentException e) {
            show(owner, "What if", file.getName() + " cannot be used", String.join("\n",
                    e.problems().stream().map(p -> p.render()).toList()));
        }
    }

    /** Writes a bundle of {@code harness} into a folder the user picks, signed when they pick a key. */
    public static void exportForProduction(Window owner, Harness harness, String bridleVersion) {
        DirectoryChooser dir = new DirectoryChooser();
        dir.setTitle("Export " + harness.name() + " for production: choose the bundle folder");
        File out = dir.showDialog(owner);
        if (out == null) {
            return;
        }
        Alert sign = new Alert(Alert.AlertType.CONFIRMATION, "Sign the bundle with an Ed25519 key (PKCS#8 PEM)?",
                ButtonType.YES, ButtonType.NO);
        sign.initOwner(owner);
        sign.setHeaderText("Signature");
        Optional<Path> key = Optional.empty();
        if (sign.showAndWait().orElse(ButtonType.NO) == ButtonType.YES) {
            FileChooser keys = new FileChooser();
            keys.setTitle("Private key");
            File k = keys.showOpenDialog(owner);
            key = Optional.ofNullable(k).map(File::toPath);
        }
        try {
            Bundle.Manifest m = exportBundle(harness, out.toPath(), key, bridleVersion);
            show(owner, "Export for production", "Bundle written to " + out,
                    "harness: " + m.harness() + "\ndigest (SHA-256): " + m.digest() + "\nsigned: " + m.signed()
                            + "\n\nLoad it with BridleRuntime.load(bundle, key); see docs/runtime.md.");
        } catch (IOException | BundleException e) {
            show(owner, "Export for production", "The bundle could not be written", e.getMessage());
        }
    }

    /** Writes the bundle; the headless part of the export action. */
    public static Bundle.Manifest exportBundle(Harness harness, Path dir, Optional<Path> key, String bridleVersion)
            throws IOException, BundleException {
        return Bundle.write(harness, dir, key.isPresent() ? Optional.of(SigningKeys.readPrivate(key.get()))
                : Optional.empty(), bridleVersion, Instant.now());
    }

    private static void show(Window owner, String title, String header, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(header);
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(false);
        // wide enough for a rule and its paths, but never wider than the window it belongs to (a 1024-wide screen)
        area.setPrefWidth(Math.min(960, owner == null ? 960 : Math.max(400, owner.getWidth() - 80)));
        // room to read a decision and every rule considered, however short the text
        area.setPrefRowCount(Math.clamp(text.lines().count() + 1, 12, 24));
        area.getStyleClass().add("monospace");
        alert.getDialogPane().setContent(area);
        alert.setResizable(true);
        alert.setOnShown(e -> keepOnScreen(alert.getDialogPane().getScene().getWindow()));
        alert.showAndWait();
    }

    /** Moves {@code w} inside the visual bounds of the screen it is mostly on. */
    static void keepOnScreen(Window w) {
        var screens = javafx.stage.Screen.getScreensForRectangle(w.getX(), w.getY(), Math.max(1, w.getWidth()),
                Math.max(1, w.getHeight()));
        javafx.geometry.Rectangle2D b = (screens.isEmpty() ? javafx.stage.Screen.getPrimary() : screens.getFirst())
                .getVisualBounds();
        w.setX(Math.max(b.getMinX(), Math.min(w.getX(), b.getMaxX() - w.getWidth())));
        w.setY(Math.max(b.getMinY(), Math.min(w.getY(), b.getMaxY() - w.getHeight())));
    }
}
