package dev.bridle.app.graph;

import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.GuardSpec.Stage;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A guard drawn where it acts, as a chip: its limit ({@code steps ≤ 12}) and its staged responses as a small ladder
 * (warn → nudge → escalate → stop), a step per trigger, coloured from mild to final. On a node box the ladder shows
 * a step's initial; on the run strip, where there is room, its word. The chip carries its guard's id as user data
 * ({@link Ref}) so that a click on it can open the guard's editor.
 */
public final class GuardChip extends HBox {

    /** What a chip stands for: the guard with this id. */
    public record Ref(String guardId) {}

    /** A chip for {@code guard}; {@code words} spells the ladder's steps out. */
    public GuardChip(GuardSpec guard, boolean words) {
        super(4);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("guard-badge");
        setUserData(new Ref(guard.id()));
        setId("guard-chip-" + guard.id());
        Label limit = new Label(NodeBox.badgeText(guard), new FontIcon(Feather.SHIELD));
        limit.getStyleClass().add("guard-limit");
        limit.setMinWidth(0);
        getChildren().add(limit);
        getChildren().add(ladder(guard.stages(), words));
        LazyTooltip.install(this, () -> "guard '" + guard.id() + "': " + guard.describe() + "; responds "
                + String.join(" → ", guard.stages().stream().map(Stage::word).toList())
                + (guard.agent().map(a -> "; watches agent '" + a + "'").orElse("; watches the whole run"))
                + "\nclick to edit");
    }

    /** The ladder of responses: one step per trigger, the last repeating. */
    public static HBox ladder(List<Stage> stages, boolean words) {
        HBox ladder = new HBox(words ? 2 : 1);
        ladder.setAlignment(Pos.CENTER_LEFT);
        ladder.getStyleClass().add("guard-ladder");
        for (int i = 0; i < stages.size(); i++) {
            if (i > 0 && words) {
                Label arrow = new Label("→");
                arrow.getStyleClass().add("ladder-arrow");
                ladder.getChildren().add(arrow);
            }
            Stage s = stages.get(i);
            Label step = new Label(words ? s.word() : s.word().substring(0, 1).toUpperCase(java.util.Locale.ROOT));
            step.getStyleClass().addAll("ladder-step", "stage-" + s.word());
            step.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            ladder.getChildren().add(step);
        }
        return ladder;
    }
}
