package dev.bridle.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;

/** The JSON form of an event: the payload stored beside its columns, and the line of a JSONL export. */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // after the time module, so that it reads instants (see IsoInstants)
            .addModule(new SimpleModule("bridle-instants")
                    .addDeserializer(Instant.class, new IsoInstants.Deserializer())
                    .addSerializer(Instant.class, new IsoInstants.Serializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventJson() {}

    /**
     * The JSON of {@code event}: its record components in order, as Jackson's data binding writes them
     * ({@code EventJsonTest} holds the two to the same text for every kind). Written field by field through Jackson's
     * generator rather than through data binding, which reached each component by reflection and boxed each number:
     * writing events was half the store's writer thread, and its data-binding code a large part of what the JIT
     * compiled while a run recorded.
     */
    public static String write(RunEvent event) {
        SegmentedStringWriter out = new SegmentedStringWriter(MAPPER.getFactory()._getBufferRecycler());
        try {
            try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeNumberField("seq", event.seq());
                g.writeStringField("at", IsoInstants.write(event.at()));
                g.writeNumberField("step", event.step());
                fields(g, event);
                g.writeEndObject();
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write event " + event.kind(), e);
        }
    }

    /** The components of {@code event} after {@code seq}, {@code at} and {@code step}, in the record's order. */
    private static void fields(JsonGenerator g, RunEvent event) throws IOException {
        switch (event) {
            case RunEvent.RunStarted e -> {
                g.writeStringField("harness", e.harness());
                g.writeStringField("model", e.model());
            }
            case RunEvent.NodeEntered e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
            }
            case RunEvent.ModelRequested e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeNumberField("messages", e.messages());
                g.writeNumberField("contextTokens", e.contextTokens());
            }
            case RunEvent.ModelResponded e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("text", e.text());
                g.writeArrayFieldStart("toolCalls");
                for (String call : e.toolCalls()) {
                    g.writeString(call);
                }
                g.writeEndArray();
                g.writeNumberField("tokensIn", e.tokensIn());
                g.writeNumberField("tokensOut", e.tokensOut());
                g.writeNumberField("latencyMillis", e.latencyMillis());
            }
            case RunEvent.ToolRequested e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("tool", e.tool());
                g.writeStringField("args", e.args());
            }
            case RunEvent.ToolCompleted e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("tool", e.tool());
                g.writeBooleanField("ok", e.ok());
                g.writeStringField("result", e.result());
                g.writeNumberField("durationMillis", e.durationMillis());
            }
            case RunEvent.GuardTriggered e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("guard", e.guard());
                g.writeStringField("verdict", e.verdict());
                g.writeStringField("detail", e.detail());
            }
            case RunEvent.PermissionChecked e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("tool", e.tool());
                g.writeStringField("effect", e.effect());
                g.writeStringField("rule", e.rule());
                g.writeStringField("resource", e.resource());
            }
            case RunEvent.LockAcquired e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("resource", e.resource());
            }
            case RunEvent.LockWaited e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("resource", e.resource());
                g.writeStringField("holder", e.holder());
            }
            case RunEvent.LockRefused e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("resource", e.resource());
                g.writeStringField("holder", e.holder());
                g.writeStringField("action", e.action());
            }
            case RunEvent.ContextCompacted e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("strategy", e.strategy());
                g.writeNumberField("before", e.before());
                g.writeNumberField("after", e.after());
                g.writeNumberField("window", e.window());
                g.writeNumberField("removed", e.removed());
                g.writeNumberField("pinned", e.pinned());
            }
            case RunEvent.ContextTruncated e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("what", e.what());
                g.writeNumberField("before", e.before());
                g.writeNumberField("after", e.after());
                g.writeNumberField("window", e.window());
            }
            case RunEvent.CheckpointSaved e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("checkpoint", e.checkpoint());
            }
            case RunEvent.CheckpointRestored e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("checkpoint", e.checkpoint());
                g.writeStringField("rule", e.rule());
            }
            case RunEvent.WorkspaceChanged e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("cause", e.cause());
                g.writeArrayFieldStart("files");
                for (RunEvent.FileChange f : e.files()) {
                    g.writeStartObject();
                    g.writeStringField("path", f.path());
                    g.writeStringField("change", f.change());
                    g.writeStringField("diff", f.diff());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case RunEvent.ApprovalRequested e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("rule", e.rule());
                g.writeStringField("question", e.question());
            }
            case RunEvent.ApprovalAnswered e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("rule", e.rule());
                g.writeBooleanField("approved", e.approved());
                g.writeStringField("by", e.by());
            }
            case RunEvent.ErrorHandled e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("error", e.error());
                g.writeStringField("action", e.action());
                g.writeNumberField("attempt", e.attempt());
                g.writeStringField("rule", e.rule());
            }
            case RunEvent.NodeExited e -> {
                g.writeStringField("node", e.node());
                g.writeStringField("agent", e.agent());
                g.writeStringField("next", e.next());
            }
            case RunEvent.RunEnded e -> {
                g.writeStringField("outcome", e.outcome() == null ? null : e.outcome().name());
                g.writeStringField("reason", e.reason());
                g.writeStringField("rule", e.rule());
            }
        }
    }

    /** The JSON data binding would write for {@code event}: what {@link #write} must equal, for the tests. */
    static String writeByDataBinding(RunEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.kind(), e);
        }
    }

    public static RunEvent read(String kind, String json) {
        try {
            return MAPPER.readValue(json, EventKinds.typeOf(kind));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read a " + kind + " event: " + e.getOriginalMessage(), e);
        }
    }
}
