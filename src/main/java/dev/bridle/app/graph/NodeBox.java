package dev.bridle.app.graph;

import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The box that draws one workflow node: its kind's icon, its id, what it does, and the guards that watch it. */
final class NodeBox extends VBox {

    NodeBox(Node node, Harness harness, boolean start) {
        getStyleClass().addAll("graph-node", node.kind());
        if (start) {
            getStyleClass().add("start");
        }
        setId("node-" + node.id());
        setUserData(node.id());
        setMinSize(GraphLayout.NODE_WIDTH, GraphLayout.NODE_HEIGHT);
        setPrefSize(GraphLayout.NODE_WIDTH, GraphLayout.NODE_HEIGHT);
        setMaxSize(GraphLayout.NODE_WIDTH, GraphLayout.NODE_HEIGHT);

        FontIcon icon = new FontIcon(switch (node) {
            case Node.AgentNode a -> Feather.CPU;
            case Node.EndNode e -> Feather.FLAG;
        });
        icon.getStyleClass().add("kind-icon");
        Label id = new Label(node.id(), icon);
        id.getStyleClass().add("node-id");
        Label detail = new Label(switch (node) {
            case Node.AgentNode a -> "agent " + a.agent();
            case Node.EndNode e -> "ends " + e.outcome().word();
        });
        detail.getStyleClass().add("node-detail");
        getChildren().addAll(id, detail);

        if (node instanceof Node.AgentNode) {
            FlowPane badges = new FlowPane(4, 4);
            badges.setAlignment(Pos.CENTER_LEFT);
            badges.getStyleClass().add("guard-badges");
            harness.guards().forEach(g -> badges.getChildren().add(badge(g)));
            getChildren().add(badges);
        }
        Tooltip.install(this, new Tooltip(node.kind() + " node '" + node.id() + "'" + (start ? ", the start" : "")));
    }

    /** The short form of a guard as a badge: {@code steps ≤ 12}. */
    static String badgeText(GuardSpec guard) {
        return switch (guard) {
            case GuardSpec.Steps s -> "steps ≤ " + s.max();
            // Guard kinds added to the policy package show their own description until they get a badge here.
            default -> guard.describe();
        };
    }

    private static Label badge(GuardSpec guard) {
        FontIcon shield = new FontIcon(Feather.SHIELD);
        Label badge = new Label(badgeText(guard), shield);
        badge.getStyleClass().add("guard-badge");
        badge.setTooltip(new Tooltip("guard '" + guard.id() + "': " + guard.describe()));
        return badge;
    }
}
