package dev.bridle.app;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.bridle.app.editor.EditorPanes;
import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.PickResult;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Takes the README's screenshots of the editor: a harness open in the workbench at a window size, with its graph,
 * its guards on the canvas and its run strip. Arguments: the output file, the harness file name in
 * {@code sample-policies}, the window width and height, then options: {@code nolist} and {@code noinspector} (side panes closed),
 * {@code divider=0.7} (the editor's share of the height), {@code guard=ID} (that guard opened for editing in place)
 *. Popups (the guard's editor) are windows of their own; they are drawn onto the window's snapshot where they
 * show. Preferences are kept in memory, never the user's.
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
        List<String> options = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
        MainWindow[] window = new MainWindow[1];
        MemoryPreferences prefs = new MemoryPreferences();
        if (options.contains("nolist")) {
            prefs.putBoolean("pane." + EditorPanes.HARNESS_LIST, false);
        }
        if (options.contains("noinspector")) {
            prefs.putBoolean("pane." + EditorPanes.INSPECTOR, false);
        }
        onFx(() -> {
            Stage stage = new Stage();
            window[0] = MainWindow.open(stage, new WorkbenchConfig(Path.of("sample-policies"),
                    dev.bridle.store.RunStore.fileUrl(db.resolve("runs")), harness), new FxDialogs(stage),
                    new WorkbenchPrefs(prefs));
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(width);
            stage.setHeight(height);
        });
        for (String option : options) {
            if (option.startsWith("divider=")) {
                // more of the window for the editor than for the run views below it
                double at = Double.parseDouble(option.substring("divider=".length()));
                onFx(() -> {
                    Node bottom = window[0].stage().getScene().getRoot().lookup("#bottom-tabs");
                    ((SplitPane) bottom.getParent().getParent()).setDividerPositions(at);
                });
            }
        }
        Thread.sleep(1500);
        for (String option : options) {
            if (option.startsWith("guard=")) {
                // a click on the guard's chip, as the user makes it: the guard opens for editing where it is
                String id = option.substring("guard=".length());
                onFx(() -> {
                    Node chip = window[0].stage().getScene().getRoot().lookup("#guard-chip-" + id);
                    Bounds b = chip.localToScreen(chip.getBoundsInLocal());
                    double x = b.getMinX() + 6;
                    double y = b.getMinY() + b.getHeight() / 2;
                    Point2D local = chip.screenToLocal(x, y);
                    chip.fireEvent(new MouseEvent(MouseEvent.MOUSE_PRESSED, local.getX(), local.getY(), x, y,
                            MouseButton.PRIMARY, 1, false, false, false, false, true, false, false, false, false,
                            false, new PickResult(chip, x, y)));
                });
            }
        }
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
        BufferedImage out = new BufferedImage((int) image.getWidth(), (int) image.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        draw(image, out, 0, 0);
        CompletableFuture<List<double[]>> at = new CompletableFuture<>();
        List<WritableImage> popups = new java.util.ArrayList<>();
        Platform.runLater(() -> {
            List<double[]> where = new java.util.ArrayList<>();
            javafx.scene.Scene main = w.stage().getScene();
            for (javafx.stage.Window x : javafx.stage.Window.getWindows()) {
                if (x != w.stage() && x.isShowing() && x.getScene() != null) {
                    popups.add(x.getScene().snapshot(null));
                    where.add(new double[] {x.getX() + x.getScene().getX() - w.stage().getX() - main.getX(),
                            x.getY() + x.getScene().getY() - w.stage().getY() - main.getY()});
                }
            }
            at.complete(where);
        });
        List<double[]> where = at.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < popups.size(); i++) {
            draw(popups.get(i), out, (int) where.get(i)[0], (int) where.get(i)[1]);
        }
        ImageIO.write(out, "png", new File(file.toString()));
    }

    private static void draw(WritableImage image, BufferedImage out, int left, int top) {
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < (int) image.getHeight(); y++) {
            for (int x = 0; x < (int) image.getWidth(); x++) {
                int argb = pixels.getArgb(x, y);
                int tx = left + x;
                int ty = top + y;
                // a popup's transparent corners and shadow leave the window under them as it is
                if ((argb >>> 24) > 200 && tx >= 0 && ty >= 0 && tx < out.getWidth() && ty < out.getHeight()) {
                    out.setRGB(tx, ty, argb);
                }
            }
        }
    }
}
