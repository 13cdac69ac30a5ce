package dev.bridle.event;

/** Receives a run's events in order. Implementations record, print or forward them. */
@FunctionalInterface
public interface EventSink {

    void accept(RunEvent event);

    /** A sink that keeps nothing. */
    static EventSink none() {
        return e -> {};
    }

    /** Both sinks, in order. */
    default EventSink andThen(EventSink next) {
        return e -> {
            accept(e);
            next.accept(e);
        };
    }
}
