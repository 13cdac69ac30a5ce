package dev.bridle.app;

import dev.bridle.app.editor.EditorView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

/**
 * Takes the README's screenshots of the permission matrix of {@code over-trusted-agent} with a call tried in its
 * "try a call" box, at the default window size (1400×900) and at 1024×700. Run it from the project folder on a display
 * (Xvfb will do), the output folder as the argument: {@code java -cp target/classes:target/test-classes:CLASSPATH
 * dev.bridle.app.MatrixScreenshots assets/screenshots}.
 */
public final class MatrixScreenshots {

    private MatrixScreenshots() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/screenshots");
        Files.createDirectories(out);
        Path db = Files.createTempDirectory("bridle-shots");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        // the first window closes before the second opens
        Platform.setImplicitExit(false);
        shoot(out.resolve("permission-matrix.png"), db.resolve("a"), 1400, 900);
        shoot(out.resolve("permission-matrix-1024.png"), db.resolve("b"), 1024, 700);
        Platform.exit();
        System.exit(0);
    }

    private static void shoot(Path file, Path db, double width, double height) throws Exception {
        MainWindow[] window = new MainWindow[1];
        onFx(() -> {
            Stage stage = new Stage();
            window[0] = MainWindow.open(stage, new WorkbenchConfig(Path.of("sample-policies"),
                    dev.bridle.store.RunStore.fileUrl(db.resolve("runs")), "over-trusted-agent.harness.yaml"),
                    new FxDialogs(stage), new WorkbenchPrefs(new MemoryPreferences().node("dev/bridle/shots")));
            stage.setWidth(width);
            stage.setHeight(height);
        });
        Thread.sleep(1500);
        onFx(() -> {
            EditorView editor = window[0].view().documents().current();
            TabPane inspector = (TabPane) editor.lookup("#inspector");
            inspector.getSelectionModel().select(inspector.getTabs().stream()
                    .filter(t -> "tab-permissions".equals(t.getId())).findFirst().orElseThrow());
        });
        Path inspectorShot = file.resolveSibling(file.getFileName().toString().replace(".png", "-inspector.png"));
        Screenshots.save(window[0], inspectorShot);
        onFx(() -> ((javafx.scene.control.Button) window[0].stage().getScene().getRoot()
                .lookup("#open-permission-matrix")).fire());
        Stage matrix = (Stage) Stage.getWindows().stream().filter(w -> w != window[0].stage()).findFirst()
                .orElseThrow();
        onFx(() -> {
            matrix.setWidth(width);
            matrix.setHeight(height);
        });
        onFx(() -> {
            var root = matrix.getScene().getRoot();
            @SuppressWarnings("unchecked")
            ComboBox<String> tool = (ComboBox<String>) root.lookup("#try-tool");
            tool.setValue("fs.read");
            ((TextField) root.lookup("#try-path")).setText("docs/secrets/token.txt");
        });
        Thread.sleep(800);
        Screenshots.save(matrix.getScene(), file);
        onFx(() -> {
            window[0].close();
            window[0].stage().close();
        });
    }

    private static void onFx(Runnable r) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                r.run();
                f.complete(null);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        f.get(30, TimeUnit.SECONDS);
        Thread.sleep(300);
    }
}
