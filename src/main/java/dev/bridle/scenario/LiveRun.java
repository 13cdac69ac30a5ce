package dev.bridle.scenario;

import dev.bridle.access.PathScope;
import dev.bridle.context.Summarizer;
import dev.bridle.engine.Approver;
import dev.bridle.engine.Bindings;
import dev.bridle.engine.Engine;
import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.RunResult;
import dev.bridle.event.EventSink;
import dev.bridle.model.Message;
import dev.bridle.model.ModelException;
import dev.bridle.model.ModelPort;
import dev.bridle.model.ModelRequest;
import dev.bridle.model.TokenCounter;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.Recording;
import dev.bridle.store.RunStore;
import dev.bridle.tool.BuiltInTools;
import dev.bridle.tool.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A run against a live model with the built-in sandboxed tools in a workspace folder: no script, a person answers
 * the questions. This is what {@code bridle run --model ollama:…} does without a scenario.
 */
public final class LiveRun {

    private LiveRun() {}

    /** Runs {@code task} to one outcome; records the run when a store is given. */
    public static RunResult run(HarnessReader.Loaded harness, String task, ModelPort model, Path workspace,
            Approver approver, Optional<RunStore> store, Clock clock, Supplier<String> runIds, EventSink listener)
            throws IOException {
        PathScope scope = PathScope.of(workspace);
        PermissionGate gate = PermissionGate.of(harness.harness(), Optional.of(scope));
        BuiltInTools tools = BuiltInTools.files(scope, gate.rules(),
                Sandbox.forMode(harness.harness().sandbox()));
        TokenCounter tokens = model instanceof dev.bridle.model.RemoteModel remote
                ? TokenCounter.forModel(remote.config().model()) : TokenCounter.cl100k();
        if (store.isEmpty()) {
            return engine(harness, model, tools, workspace, gate, approver, clock, tokens, listener).run(task);
        }
        // Closing the recording waits until every event is committed, so the run reads back whole once we return.
        try (Recording recording = store.get().begin(runIds.get(), harness.harness().name(),
                ScenarioRunner.digest(harness.source().text()), model.binding(), clock.instant())) {
            return engine(harness, model, tools, workspace, gate, approver, clock, tokens, recording.andThen(listener))
                    .run(task);
        }
    }

    private static Engine engine(HarnessReader.Loaded harness, ModelPort model, BuiltInTools tools, Path workspace,
            PermissionGate gate, Approver approver, Clock clock, TokenCounter tokens, EventSink sink) {
        Bindings bindings = new Bindings(model, tools, gate, approver, summarizer(model), clock, tokens,
                Bindings.Pause.sleeping());
        return new Engine(harness.harness(), bindings, sink, workspace);
    }

    /** Summaries written by the same model, asked plainly and without tools. */
    static Summarizer summarizer(ModelPort model) {
        return (agent, messages) -> {
            List<Message> request = new ArrayList<>();
            request.add(Message.system("Summarize the conversation below in a few sentences. Keep facts, file names,"
                    + " decisions and open questions; drop chatter."));
            StringBuilder text = new StringBuilder();
            for (Message m : messages) {
                text.append(m.role()).append(": ").append(m.content()).append('\n');
            }
            request.add(Message.user(text.toString()));
            try {
                String summary = model.respond(new ModelRequest(agent, request, List.of())).text();
                if (summary.isBlank()) {
                    throw new Summarizer.SummaryException("the model wrote an empty summary");
                }
                return summary;
            } catch (ModelException e) {
                throw new Summarizer.SummaryException(e.getMessage());
            }
        };
    }
}
