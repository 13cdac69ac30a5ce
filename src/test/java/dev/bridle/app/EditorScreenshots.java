package dev.bridle.app;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Takes the README's screenshots of the editor: a harness open in the workbench at a window size, with its graph,
 * its guards on the canvas and its run strip. Arguments: the output file, the harness file name in
 * {@code sample-policies}, the window width and height. Preferences are kept in memory, never the user's.
 */
public final class EditorScreenshots {

    private EditorScreenshots() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/screenshots/editor.png");
        String harness = args.length > 1 ? args[1] : "release-train.harness.yaml";
        double width = args.length > 2 ? Double.parseDouble(args[2]) : 1400;
        double height = args.length > 3 ? Double.parseDouble(args[3]) : 900;
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path db = Files.createTempDirectory("bridle-shots");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        MainWindow[] window = new MainWindow[1];
        onFx(() -> {
            Stage stage = new Stage();
            window[0] = MainWindow.open(stage, new WorkbenchConfig(Path.of("sample-policies"),
                    dev.bridle.store.RunStore.fileUrl(db.resolve("runs")), harness), new FxDialogs(stage),
                    new WorkbenchPrefs(new MemoryPreferences()));
            stage.setWidth(width);
            stage.setHeight(height);
        });
        Thread.sleep(Long.getLong("shot.wait", 2500));
        save(window[0], out);
        Platform.exit();
        System.exit(0);
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

    private static void save(MainWindow w, Path file) throws Exception {
        CompletableFuture<WritableImage> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(w.stage().getScene().snapshot(null)));
        WritableImage image = f.get(30, TimeUnit.SECONDS);
        PixelReader pixels = image.getPixelReader();
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(out, "png", new File(file.toString()));
    }
}
