package dev.bridle.app.graph;

import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The box that draws one workflow node: its kind's icon, its id, what it does, and the guards that watch it. The box
 * can also be drawn bare, without its text and badges (the editor's canvas does so when zoomed far out, where text is
 * too small to read and costly to draw); what it shows is then made the first time it is asked for.
 */
public final class NodeBox extends VBox {

    private static final PseudoClass BARE = PseudoClass.getPseudoClass("bare");
    /** How many guard chips fit in a box (two rows); more are summed up as {@code +N}. */
    private static final int CHIPS = 2;

    private final Node node;
    private final Harness harness;
    private boolean detailed;
    private boolean made;

    /** A box for {@code node} of {@code harness}; {@code start} marks the node a run starts at. */
    public NodeBox(Node node, Harness harness, boolean start) {
        this(node, harness, start, true);
    }

    /** As {@link #NodeBox(Node, Harness, boolean)}, bare unless {@code detailed}. */
    public NodeBox(Node node, Harness harness, boolean start, boolean detailed) {
        this.node = node;
        this.harness = harness;
        getStyleClass().addAll("graph-node", node.kind());
        if (start) {
            getStyleClass().add("start");
        }
        setId("node-" + node.id());
        setUserData(node.id());
        setMinSize(GraphLayout.NODE_WIDTH, GraphLayout.NODE_HEIGHT);
        setPrefSize(GraphLayout.NODE_WIDTH, GraphLayout.NODE_HEIGHT);
        setMaxSize(GraphLayout.NODE_WIDTH, GraphLayout.NODE_HEIGHT);
        LazyTooltip.install(this, () -> node.kind() + " node '" + node.id() + "'" + (start ? ", the start" : ""));
        pseudoClassStateChanged(BARE, true);
        setDetailed(detailed);
    }

    /** Whether the box shows its text and badges. */
    public boolean isDetailed() {
        return detailed;
    }

    /** Shows or hides the box's text and badges; they are made the first time they are shown. */
    public void setDetailed(boolean detailed) {
        if (detailed == this.detailed) {
            return;
        }
        this.detailed = detailed;
        pseudoClassStateChanged(BARE, !detailed);
        if (detailed && !made) {
            made = true;
            makeDetail();
        }
        for (javafx.scene.Node child : getChildren()) {
            child.setVisible(detailed);
            child.setManaged(detailed);
        }
    }

    private void makeDetail() {
        FontIcon icon = new FontIcon(icon(node.kind()));
        icon.getStyleClass().add("kind-icon");
        Label id = new Label(node.id(), icon);
        id.getStyleClass().add("node-id");
        Label detail = new Label(switch (node) {
            case Node.AgentNode a -> "agent " + a.agent();
            case Node.CheckNode c -> "check " + c.condition();
            case Node.ApprovalNode a -> "asks: " + a.prompt();
            case Node.CheckpointNode c -> "saves a checkpoint";
            case Node.ParallelNode p -> "runs " + String.join(", ", p.branches());
            case Node.JoinNode j -> "waits for all branches";
            case Node.EndNode e -> "ends " + e.outcome().word();
        });
        LazyTooltip.install(detail, detail::getText);
        detail.getStyleClass().add("node-detail");
        getChildren().addAll(id, detail);

        if (node instanceof Node.AgentNode a) {
            FlowPane badges = new FlowPane(4, 3);
            badges.setAlignment(Pos.CENTER_LEFT);
            badges.getStyleClass().add("guard-badges");
            // chips wrap inside the box: the row is as wide as the box less its padding
            badges.setPrefWrapLength(GraphLayout.NODE_WIDTH - 24);
            badges.setMaxWidth(GraphLayout.NODE_WIDTH - 24);
            // on the node: the guards that watch its agent; a guard of the whole run is drawn on the run strip
            List<GuardSpec> own = harness.guards().stream()
                    .filter(g -> g.agent().isPresent() && g.agent().get().equals(a.agent()))
                    .toList();
            int shown = Math.min(own.size(), own.size() > CHIPS ? CHIPS - 1 : CHIPS);
            own.subList(0, shown).forEach(g -> badges.getChildren().add(new GuardChip(g, false)));
            if (own.size() > shown) {
                Label more = new Label("+" + (own.size() - shown));
                more.getStyleClass().addAll("guard-badge", "guard-more");
                List<GuardSpec> rest = own.subList(shown, own.size());
                LazyTooltip.install(more, () -> String.join("\n", rest.stream()
                        .map(g -> "guard '" + g.id() + "': " + g.describe()).toList()));
                badges.getChildren().add(more);
            }
            if (harness.coordination().locks() == dev.bridle.policy.Coordination.Locks.PER_PATH
                    && harness.agents().containsKey(a.agent())
                    && harness.agents().get(a.agent()).tools().stream().anyMatch(t -> t.endsWith(".write"))) {
                FontIcon lock = new FontIcon(Feather.LOCK);
                Label locks = new Label("locks", lock);
                locks.getStyleClass().add("guard-badge");
                LazyTooltip.install(locks, () -> "writes take per-path ownership locks");
                badges.getChildren().add(locks);
            }
            getChildren().add(badges);
        }
    }

    /** The icon of a node kind ({@link Node#KINDS}), in the graph and in the editor's palette. */
    public static Feather icon(String kind) {
        return switch (kind) {
            case "agent" -> Feather.CPU;
            case "check" -> Feather.CHECK_SQUARE;
            case "approval" -> Feather.USER_CHECK;
            case "checkpoint" -> Feather.SAVE;
            case "parallel" -> Feather.GIT_BRANCH;
            case "join" -> Feather.GIT_MERGE;
            case "end" -> Feather.FLAG;
            default -> Feather.SQUARE;
        };
    }

    /** The short form of a guard as a badge: {@code steps ≤ 12}. */
    public static String badgeText(GuardSpec guard) {
        return switch (guard) {
            case GuardSpec.Steps s -> "steps ≤ " + s.max();
            case GuardSpec.Turns t -> "turns ≤ " + t.max();
            case GuardSpec.Deadline d -> "≤ " + dev.bridle.policy.Durations.format(d.limit());
            case GuardSpec.Tokens t -> t.context() > 0 ? "context ≤ " + t.context() : "tokens ≤ " + t.total();
            case GuardSpec.Cost c -> "cost ≤ " + c.max();
            case GuardSpec.Loop l -> "loop " + l.repeats() + "/" + l.window();
            case GuardSpec.NoProgress n -> "progress in " + n.steps();
            case GuardSpec.Stall s -> "stall " + s.after();
            case GuardSpec.Complete c -> "done when …";
            case GuardSpec.Custom c -> "rule " + c.id();
        };
    }

}
