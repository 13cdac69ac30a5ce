package dev.bridle.app.gateway;

import dev.bridle.gateway.Approvals;
import dev.bridle.gateway.Gateway;
import dev.bridle.gateway.GatewayConfig;
import dev.bridle.gateway.GatewaySession;
import dev.bridle.policy.Harness;
import dev.bridle.store.RunStore;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Gateway tab: start and stop {@code bridle gateway} for the selected harness, the sessions live, and the
 * approvals waiting with approve and reject. The gateway records into the workbench's store, so History lists its
 * sessions as runs. Lists are read on {@link #refresh} (the view calls it on a timer, once per tick, never per event)
 * and handed to the FX thread through {@code fx} in one piece.
 */
public final class GatewayViewModel {

    /** One session as the table shows it. */
    public record SessionRow(String id, String run, String agent, int steps, int requests, String state) {}

    private final Supplier<Optional<Harness>> harness;
    private final Supplier<RunStore> store;
    private final Executor fx;
    private final StringProperty upstream = new SimpleStringProperty("http://127.0.0.1:11434");
    private final StringProperty listen = new SimpleStringProperty("127.0.0.1:8787");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("stopped");
    private final ObservableList<SessionRow> sessions = FXCollections.observableArrayList();
    private final ObservableList<Approvals.Question> waiting = FXCollections.observableArrayList();
    private Gateway gateway;

    /**
     * @param harness the harness the gateway enforces (the workbench's selected one), empty when none is open
     * @param fx where list and property updates run (the FX thread in the workbench)
     */
    public GatewayViewModel(Supplier<Optional<Harness>> harness, Supplier<RunStore> store, Executor fx) {
        this.harness = harness;
        this.store = store;
        this.fx = fx;
    }

    public StringProperty upstreamProperty() {
        return upstream;
    }

    public StringProperty listenProperty() {
        return listen;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty addressProperty() {
        return address.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableList<SessionRow> sessions() {
        return FXCollections.unmodifiableObservableList(sessions);
    }

    public ObservableList<Approvals.Question> waiting() {
        return FXCollections.unmodifiableObservableList(waiting);
    }

    /** Starts the gateway; a missing harness, a bad address or a port in use is said in the message, not thrown. */
    public void start() {
        if (gateway != null) {
            return;
        }
        Optional<Harness> h = harness.get();
        if (h.isEmpty()) {
            message.set("open a harness first: the gateway enforces the selected one");
            return;
        }
        try {
            String text = listen.get().trim();
            int colon = text.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("listen on HOST:PORT, as 127.0.0.1:8787, not '" + text + "'");
            }
            GatewayConfig config = GatewayConfig.of(h.get(), URI.create(upstream.get().trim()))
                    .withStore(store.get())
                    .withListen(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
            gateway = Gateway.start(config);
            gateway.approvals().onQuestion(q -> refresh());
            running.set(true);
            address.set(gateway.baseUrl().toString());
            message.set("harness '" + h.get().name() + "' on " + gateway.baseUrl() + " in front of " + upstream.get());
        } catch (RuntimeException e) {
            gateway = null;
            message.set("cannot start the gateway: " + e.getMessage());
        }
    }

    /** Stops the gateway: its sessions end as interrupted, their runs stay in the store. */
    public void stop() {
        Gateway g = gateway;
        gateway = null;
        if (g != null) {
            int n = g.sessions().size();
            g.close();
            message.set("stopped; " + n + " sessions recorded");
        }
        running.set(false);
        address.set("");
        fx.execute(() -> {
            sessions.clear();
            waiting.clear();
        });
    }

    /** Reads the sessions and the questions waiting, and hands them to the lists in one piece. */
    public void refresh() {
        Gateway g = gateway;
        if (g == null) {
            return;
        }
        List<SessionRow> rows = g.sessions().sessions().stream().map(GatewayViewModel::row).toList();
        List<Approvals.Question> questions = g.approvals().waiting();
        fx.execute(() -> {
            sessions.setAll(rows);
            waiting.setAll(questions);
        });
    }

    /** Answers a waiting question; the session it holds goes on with the rule's decision. */
    public void answer(Approvals.Question question, boolean approved) {
        Gateway g = gateway;
        if (g == null || question == null) {
            return;
        }
        boolean done = g.approvals().answer(question.id(), approved, "workbench");
        message.set(done ? (approved ? "approved: " : "rejected: ") + question.question()
                : "that question is no longer waiting (answered or timed out)");
        refresh();
    }

    private static SessionRow row(GatewaySession s) {
        return new SessionRow(s.id(), s.runId(), s.agent(), s.steps(), s.requests(),
                s.ended().map(r -> "ended: " + r).orElse("live"));
    }
}
