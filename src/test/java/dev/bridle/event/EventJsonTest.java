package dev.bridle.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.Outcome;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Events written field by field give exactly the text Jackson's data binding gives, for every kind and every
 * component, and read back as the same event. The events are built from their record components by reflection, so a
 * component added to an event and forgotten in {@link EventJson#write} fails here.
 */
class EventJsonTest {

    @Provide
    Arbitrary<RunEvent> events() {
        List<Arbitrary<RunEvent>> kinds = new ArrayList<>();
        for (Class<?> kind : RunEvent.class.getPermittedSubclasses()) {
            kinds.add(eventOf(kind));
        }
        return Arbitraries.oneOf(kinds);
    }

    private static Arbitrary<RunEvent> eventOf(Class<?> kind) {
        RecordComponent[] components = kind.getRecordComponents();
        List<Arbitrary<Object>> values = Arrays.stream(components).map(c -> valueOf(c.getGenericType())).toList();
        return Combinators.combine(values).as(args -> {
            try {
                Constructor<?> canonical = kind.getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
                canonical.setAccessible(true);
                return (RunEvent) canonical.newInstance(args.toArray());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(kind.getName(), e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Arbitrary<Object> valueOf(Type type) {
        if (type == long.class) {
            return (Arbitrary<Object>) (Arbitrary<?>) Arbitraries.longs();
        }
        if (type == int.class) {
            return (Arbitrary<Object>) (Arbitrary<?>) Arbitraries.integers();
        }
        if (type == boolean.class) {
            return (Arbitrary<Object>) (Arbitrary<?>) Arbitraries.of(true, false);
        }
        if (type == String.class) {
            return (Arbitrary<Object>) (Arbitrary<?>) text().injectNull(0.1);
        }
        if (type == Instant.class) {
            return (Arbitrary<Object>) (Arbitrary<?>) Combinators.combine(
                            Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                            Arbitraries.integers().between(0, 999_999_999))
                    .as(Instant::ofEpochSecond);
        }
        if (type == Outcome.class) {
            return (Arbitrary<Object>) (Arbitrary<?>) Arbitraries.of(Outcome.class).injectNull(0.1);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type element = p.getActualTypeArguments()[0];
            Arbitrary<Object> each = element == RunEvent.FileChange.class
                    ? (Arbitrary<Object>) (Arbitrary<?>) Combinators.combine(text(), text(), text())
                            .as(RunEvent.FileChange::new)
                    : (Arbitrary<Object>) (Arbitrary<?>) text();
            return (Arbitrary<Object>) (Arbitrary<?>) each.list().ofMaxSize(4);
        }
        throw new IllegalArgumentException("no values for a component of type " + type
                + ": teach this test and EventJson.write about it");
    }

    /** Text with what JSON must escape: quotes, backslashes, control characters, and characters beyond ASCII. */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withChars("\"\\/\n\r\t\u0000\u001f\u2028é😀<>&'").ofMaxLength(8),
                Arbitraries.strings().all().ofMaxLength(20));
    }

    @Property(tries = 3000)
    void writtenFieldByFieldAsDataBindingWritesIt(@ForAll("events") RunEvent event) {
        assertThat(EventJson.write(event)).isEqualTo(EventJson.writeByDataBinding(event));
    }

    @Property(tries = 1000)
    void whatIsWrittenIsReadBack(@ForAll("events") RunEvent event) {
        assertThat(EventJson.read(event.kind(), EventJson.write(event))).isEqualTo(event);
    }
}
