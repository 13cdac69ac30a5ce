package dev.bridle.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/** The JSON form of an event: the payload stored beside its columns, and the line of a JSONL export. */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // after the time module, so that it reads instants (see IsoInstants)
            .addModule(new SimpleModule("bridle-instants")
                    .addDeserializer(Instant.class, new IsoInstants.Deserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventJson() {}

    public static String write(RunEvent event) {
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
