package dev.bridle.hook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.event.EventJson;
import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where a resumed session's events go: nowhere while its recorded events are replayed (they are in the store
 * already), then to its recording, numbered on from the last recorded event. The replay gives the same numbers when
 * it decides as the first time; should the workspace have changed a decision, the numbers still never collide.
 */
final class Forwarding implements EventSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventSink target;
    private long last;
    private boolean live;

    Forwarding(EventSink target, long lastRecorded) {
        this.target = target;
        this.last = lastRecorded;
    }

    void live() {
        live = true;
    }

    @Override
    public void accept(RunEvent event) {
        if (!live) {
            return;
        }
        long seq = ++last;
        target.accept(event.seq() == seq ? event : renumbered(event, seq));
    }

    private static RunEvent renumbered(RunEvent event, long seq) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(EventJson.write(event));
            json.put("seq", seq);
            return EventJson.read(event.kind(), json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
