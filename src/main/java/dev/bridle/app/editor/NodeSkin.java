package dev.bridle.app.editor;

import dev.bridle.app.graph.GraphLayout;
import dev.bridle.app.graph.NodeBox;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Circle;

/**
 * How the canvas draws one node: the node's box (kind icon, id, what it does, guard and lock badges) with its output
 * ports on the right edge (a parallel node's join port at the bottom). A port is where a drag starts a connection.
 */
final class NodeSkin extends Pane {

    static final double WIDTH = GraphLayout.NODE_WIDTH;
    static final double HEIGHT = GraphLayout.NODE_HEIGHT;
    private static final double PORT_RADIUS = 6;
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass ACTIVE = PseudoClass.getPseudoClass("active");
    private static final PseudoClass BREAKPOINT = PseudoClass.getPseudoClass("breakpoint");

    /** What the skin shows; a skin is reused while this stays equal. */
    record Look(Node node, boolean start, Harness context) {
        static Look of(Node node, Harness h) {
            // Only the parts of the harness a box shows: the guards and the agent's tools and locks.
            Harness context = new Harness("", "", node instanceof Node.AgentNode a && h.agents().containsKey(a.agent())
                    ? Map.of(a.agent(), h.agents().get(a.agent())) : Map.of(),
                    new dev.bridle.policy.Workflow("", Map.of()), node instanceof Node.AgentNode ? h.guards() : List.of(),
                    dev.bridle.policy.Permissions.DENY_ALL, dev.bridle.policy.ContextPolicy.UNMANAGED,
                    h.coordination(), dev.bridle.policy.ErrorPolicy.DEFAULT, Map.of(), h.tools(), h.sandbox());
            return new Look(node, node.id().equals(h.workflow().start()), context);
        }
    }

    private final Look look;
    private final NodeBox body;
    private final Map<Port, Circle> ports = new EnumMap<>(Port.class);
    private final List<Label> portWords = new java.util.ArrayList<>();
    private final Circle gutter = new Circle(-10, 14, 6);

    /** A skin for {@code look}, with its text and badges when {@code detailed}, a bare box otherwise. */
    NodeSkin(Look look, boolean detailed) {
        this.look = look;
        getStyleClass().add("node-skin");
        // drawn once into an image, then copied: a pan moves images instead of drawing boxes, text and shadows again
        setCache(true);
        body = new NodeBox(look.node(), look.context(), look.start(), detailed);
        body.getStyleClass().add("editable");
        getChildren().add(body);
        setPrefSize(WIDTH, HEIGHT);
        setMinSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        List<Port> kinds = Port.of(look.node());
        List<Port> side = kinds.stream().filter(p -> p != Port.JOIN).toList();
        for (int i = 0; i < side.size(); i++) {
            addPort(side.get(i), WIDTH, HEIGHT * (i + 1) / (side.size() + 1));
        }
        if (kinds.contains(Port.JOIN)) {
            addPort(Port.JOIN, WIDTH / 2, HEIGHT);
        }
        // The breakpoint gutter: a dot left of the box; a click toggles the debugger's breakpoint on this node.
        gutter.getStyleClass().add("breakpoint-gutter");
        gutter.setId("gutter-" + look.node().id());
        gutter.setOnMouseClicked(e -> {
            for (javafx.scene.Parent up = getParent(); up != null; up = up.getParent()) {
                if (up instanceof GraphCanvas canvas) {
                    canvas.gutterClicked(id());
                    break;
                }
            }
            e.consume();
        });
        gutter.setOnMousePressed(javafx.event.Event::consume);
        getChildren().add(gutter);
    }

    /** Where the centre of {@code port} is, relative to the top-left corner of the box. */
    static Point2D portOffset(Node node, Port port) {
        List<Port> kinds = Port.of(node);
        if (port == Port.JOIN) {
            return new Point2D(WIDTH / 2, HEIGHT);
        }
        List<Port> side = kinds.stream().filter(p -> p != Port.JOIN).toList();
        int i = Math.max(0, side.indexOf(port));
        return new Point2D(WIDTH, HEIGHT * (i + 1) / (side.size() + 1));
    }

    private void addPort(Port port, double x, double y) {
        Circle c = new Circle(x, y, PORT_RADIUS);
        c.getStyleClass().addAll("port", "port-" + port.word());
        c.setUserData(port);
        c.setId("port-" + id() + "-" + port.word());
        dev.bridle.app.graph.LazyTooltip.install(c, () -> "drag to connect '" + port.word() + "'");
        ports.put(port, c);
        if (port != Port.NEXT && port != Port.JOIN) {
            Label word = new Label(port.word());
            word.getStyleClass().addAll("port-label", "port-" + port.word());
            word.setMouseTransparent(true);
            word.relocate(x + PORT_RADIUS + 2, y - 21);
            word.setVisible(body.isDetailed());
            portWords.add(word);
            getChildren().add(word);
        }
        getChildren().add(c);
    }

    Look look() {
        return look;
    }

    boolean isDetailed() {
        return body.isDetailed();
    }

    /** Shows the box's text, badges and port words, or only the box, its ports and its gutter. */
    void setDetailed(boolean detailed) {
        body.setDetailed(detailed);
        portWords.forEach(w -> w.setVisible(detailed));
    }

    /** The node's id. */
    String id() {
        return look.node().id();
    }

    void setSelected(boolean selected) {
        body.pseudoClassStateChanged(SELECTED, selected);
    }

    /** Lights the box when a run is in this node, and fills the gutter when the debugger breaks on it. */
    void setRunMarks(boolean active, boolean breakpoint) {
        body.pseudoClassStateChanged(ACTIVE, active);
        gutter.pseudoClassStateChanged(BREAKPOINT, breakpoint);
    }

    /** Where an edge out of {@code port} starts, in canvas (world) coordinates. */
    Point2D portPoint(Port port) {
        Circle c = ports.get(port);
        return c == null ? new Point2D(getLayoutX() + WIDTH, getLayoutY() + HEIGHT / 2)
                : new Point2D(getLayoutX() + c.getCenterX(), getLayoutY() + c.getCenterY());
    }

    /** Where an edge into this node ends, in canvas coordinates: the middle of its left edge. */
    Point2D inPoint() {
        return new Point2D(getLayoutX(), getLayoutY() + HEIGHT / 2);
    }
}
