package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.bridle.store.RunStore;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuBar;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The dark theme toggle and the stored theme, with preferences held in memory only. */
@ExtendWith(ApplicationExtension.class)
class ThemeTest {

    @TempDir
    Path temp;

    private Stage stage;
    private MainWindow window;
    private final Preferences prefsNode = new MemoryPreferences().node("dev/bridle/test");

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void closeWindow(FxRobot robot) throws Exception {
        if (window != null) {
            robot.interact(window::close);
        }
        // The user agent stylesheet is global to the toolkit: leave the light theme for the next test class.
        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
        prefsNode.removeNode();
    }

    private void open(FxRobot robot, WorkbenchPrefs prefs) {
        WorkbenchConfig config = new WorkbenchConfig(Folders.SAMPLES, RunStore.fileUrl(temp.resolve("runs")));
        robot.interact(() -> window = MainWindow.open(stage, config, new ScriptedDialogs(), prefs));
    }

    private CheckMenuItem darkItem(FxRobot robot) {
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        return bar.getMenus().stream().flatMap(m -> m.getItems().stream())
                .filter(i -> "menu-dark".equals(i.getId())).map(CheckMenuItem.class::cast).findFirst().orElseThrow();
    }

    /** Runs full collections until an object that only a weak reference holds is gone. */
    private static void collectGarbage() throws InterruptedException {
        WeakReference<Object> sentinel = new WeakReference<>(new Object());
        for (int i = 0; i < 20 && sentinel.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertThat(sentinel.get()).as("a full collection ran").isNull();
        System.gc();
    }

    @Test
    void theDarkThemeToggleStillSwitchesTheThemeAfterAFullCollection(FxRobot robot) throws Exception {
        WorkbenchPrefs prefs = new WorkbenchPrefs(prefsNode);
        open(robot, prefs);
        CheckMenuItem dark = darkItem(robot);
        assertThat(dark.isSelected()).isFalse();
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerLight().getUserAgentStylesheet());

        collectGarbage();
        // What a click on the menu item does: it flips the check mark.
        robot.interact(() -> dark.setSelected(true));

        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerDark().getUserAgentStylesheet());
        assertThat(prefs.dark()).isTrue();

        collectGarbage();
        robot.interact(() -> dark.setSelected(false));

        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerLight().getUserAgentStylesheet());
        assertThat(prefs.dark()).isFalse();
    }

    @Test
    void theStoredDarkThemeIsShownAndTheRunButtonKeepsItsAccentColour(FxRobot robot) {
        WorkbenchPrefs prefs = new WorkbenchPrefs(prefsNode);
        prefs.setDark(true);
        open(robot, prefs);

        assertThat(darkItem(robot).isSelected()).isTrue();
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerDark().getUserAgentStylesheet());
        robot.clickOn("#harnesses");
        Button run = robot.lookup("#run").queryButton();
        assertThat(run.isFocused()).isFalse();
        Color fill = (Color) run.getBackground().getFills().getLast().getFill();
        assertThat(fill.getSaturation()).isGreaterThan(0.5);
        assertThat(fill.getBrightness()).isGreaterThan(0.3);
    }

    @Test
    void theRecentModelBindingsAreKeptInTheInjectedPreferences(FxRobot robot) throws Exception {
        WorkbenchPrefs prefs = new WorkbenchPrefs(prefsNode);
        prefs.recentBindings().used("ollama:tiny");
        open(robot, prefs);

        javafx.scene.control.ComboBox<?> binding = robot.lookup("#binding").queryComboBox();
        assertThat(binding.getItems()).extracting(Object::toString).containsExactly("mock", "ollama:tiny");
    }
}
