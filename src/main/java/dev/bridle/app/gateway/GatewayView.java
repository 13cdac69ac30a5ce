package dev.bridle.app.gateway;

import dev.bridle.gateway.Approvals;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** The Gateway tab: start and stop, the sessions live, and the approvals waiting; all state is in the view model. */
public final class GatewayView extends BorderPane {

    /** How often the lists are read while the gateway runs: one update per tick, however busy the sessions are. */
    private static final Duration TICK = Duration.millis(500);

    public GatewayView(GatewayViewModel model) {
        TextField upstream = new TextField();
        upstream.setId("gateway-upstream");
        upstream.setPromptText("upstream URL");
        upstream.textProperty().bindBidirectional(model.upstreamProperty());
        HBox.setHgrow(upstream, Priority.ALWAYS);
        TextField listen = new TextField();
        listen.setId("gateway-listen");
        listen.setPrefColumnCount(14);
        listen.textProperty().bindBidirectional(model.listenProperty());
        Button start = new Button("Start");
        start.setId("gateway-start");
        start.setOnAction(e -> model.start());
        Button stop = new Button("Stop");
        stop.setId("gateway-stop");
        stop.setOnAction(e -> model.stop());
        start.disableProperty().bind(model.runningProperty());
        stop.disableProperty().bind(model.runningProperty().not());
        upstream.disableProperty().bind(model.runningProperty());
        listen.disableProperty().bind(model.runningProperty());
        HBox bar = new HBox(8, new Label("Upstream"), upstream, new Label("Listen"), listen, start, stop);
        bar.setPadding(new Insets(8));

        TableView<GatewayViewModel.SessionRow> sessions = new TableView<>(model.sessions());
        sessions.setId("gateway-sessions");
        sessions.setPlaceholder(new Label("No sessions yet: point an agent at the gateway's address."));
        sessions.getColumns().add(column("Session", GatewayViewModel.SessionRow::id));
        sessions.getColumns().add(column("Agent", GatewayViewModel.SessionRow::agent));
        sessions.getColumns().add(column("Steps", r -> Integer.toString(r.steps())));
        sessions.getColumns().add(column("Requests", r -> Integer.toString(r.requests())));
        sessions.getColumns().add(column("State", GatewayViewModel.SessionRow::state));
        sessions.getColumns().add(column("Run", GatewayViewModel.SessionRow::run));
        sessions.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        ListView<Approvals.Question> waiting = new ListView<>(model.waiting());
        waiting.setId("gateway-approvals");
        waiting.setPlaceholder(new Label("No question is waiting."));
        waiting.setPrefHeight(140);
        waiting.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Approvals.Question q, boolean empty) {
                super.updateItem(q, empty);
                setText(empty || q == null ? null : q.session() + ": " + q.question() + " (rule '" + q.rule() + "')");
            }
        });
        Button approve = new Button("Approve");
        approve.setId("gateway-approve");
        Button reject = new Button("Reject");
        reject.setId("gateway-reject");
        approve.disableProperty().bind(waiting.getSelectionModel().selectedItemProperty().isNull());
        reject.disableProperty().bind(waiting.getSelectionModel().selectedItemProperty().isNull());
        approve.setOnAction(e -> model.answer(waiting.getSelectionModel().getSelectedItem(), true));
        reject.setOnAction(e -> model.answer(waiting.getSelectionModel().getSelectedItem(), false));
        VBox approvals = new VBox(4, new Label("Approvals waiting"), waiting, new HBox(8, approve, reject));
        approvals.setPadding(new Insets(8));

        Label address = new Label();
        address.setId("gateway-address");
        address.textProperty().bind(model.addressProperty());
        Label message = new Label();
        message.setId("gateway-message");
        message.textProperty().bind(model.messageProperty());
        VBox status = new VBox(2, address, message);
        status.setPadding(new Insets(4, 8, 8, 8));

        setTop(bar);
        setCenter(sessions);
        setBottom(new VBox(approvals, status));

        Timeline tick = new Timeline(new KeyFrame(TICK, e -> model.refresh()));
        tick.setCycleCount(Animation.INDEFINITE);
        model.runningProperty().addListener((o, was, is) -> {
            if (is) {
                tick.play();
            } else {
                tick.stop();
            }
        });
    }

    private static TableColumn<GatewayViewModel.SessionRow, String> column(String title,
            java.util.function.Function<GatewayViewModel.SessionRow, String> value) {
        TableColumn<GatewayViewModel.SessionRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }
}
