package dev.bridle.app.debug;

import dev.bridle.context.ContextEntry;
import dev.bridle.engine.RunSnapshot;
import dev.bridle.guard.Guard;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The state of a paused (or ended) run: guard meters ({@code steps 7/40}), each agent's context messages with a token
 * bar each and pins marked, the variables and hand-off fields, and the locks with their owners.
 */
public final class StateInspectorView extends ScrollPane {

    private final VBox content = new VBox(6);

    public StateInspectorView() {
        setId("state-inspector");
        setFitToWidth(true);
        content.setPadding(new Insets(6));
        setContent(content);
        show(null);
    }

    public void show(RunSnapshot s) {
        content.getChildren().clear();
        if (s == null) {
            content.getChildren().add(new Label("Pause a debug run to see its state."));
            return;
        }
        content.getChildren().add(new Label("at #" + s.seq() + ", step " + s.step() + ", node " + s.node()
                + (s.agent() == null || s.agent().isEmpty() ? "" : ", agent " + s.agent())));
        VBox meters = new VBox(4);
        meters.setId("guard-meters");
        for (Guard.Meter m : s.meters()) {
            ProgressBar bar = new ProgressBar(m.limit() <= 0 ? 0 : Math.min(1, m.value() / m.limit()));
            bar.setPrefWidth(160);
            Label label = new Label(m.guard() + ": " + m);
            meters.getChildren().add(new HBox(8, bar, label));
        }
        content.getChildren().add(titled("Guards", meters));
        for (Map.Entry<String, List<ContextEntry>> agent : s.contexts().entrySet()) {
            int total = s.contextTokens().getOrDefault(agent.getKey(), 0);
            VBox messages = new VBox(2);
            int max = agent.getValue().stream().mapToInt(ContextEntry::tokens).max().orElse(1);
            for (ContextEntry e : agent.getValue()) {
                ProgressBar bar = new ProgressBar((double) e.tokens() / Math.max(1, max));
                bar.setPrefWidth(80);
                Label text = new Label(e.message().role() + (e.tag().isEmpty() ? "" : " [" + e.tag() + "]") + "  "
                        + e.tokens() + " tok  " + oneLine(e.message().content()));
                if (e.pinned()) {
                    text.setGraphic(new FontIcon(Feather.MAP_PIN));
                    text.getStyleClass().add("pinned");
                }
                HBox row = new HBox(6, bar, text);
                HBox.setHgrow(text, Priority.ALWAYS);
                messages.getChildren().add(row);
            }
            content.getChildren().add(titled("Context of " + agent.getKey() + ": " + total + " tokens, "
                    + agent.getValue().size() + " messages", messages));
        }
        VBox vars = new VBox(2);
        s.variables().forEach((k, v) -> vars.getChildren().add(new Label(k + " = " + oneLine(String.valueOf(v)))));
        content.getChildren().add(titled("Variables and hand-off fields", vars));
        VBox locks = new VBox(2);
        s.locks().forEach((res, owner) -> locks.getChildren().add(new Label(res + " held by " + owner,
                new FontIcon(Feather.LOCK))));
        if (s.locks().isEmpty()) {
            locks.getChildren().add(new Label("no locks held"));
        }
        content.getChildren().add(titled("Locks", locks));
    }

    private static TitledPane titled(String title, VBox body) {
        TitledPane pane = new TitledPane(title, body);
        pane.setAnimated(false);
        return pane;
    }

    private static String oneLine(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 120 ? one : one.substring(0, 119) + "…";
    }
}
