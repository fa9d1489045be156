package io.kindling.kit.inbox;

import io.kindling.events.DomainEvent;
import io.kindling.events.EventCatalog;
import io.kindling.kit.cloudevents.InboundEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a service does with each event type it consumes. Types it does not list are ignored. A handler runs in the
 * transaction of its poll's events ({@link EventDispatcher}), which one of the others can roll back; it then runs
 * again. So what it does outside the database (a process started, a call made) waits for the commit
 * ({@link io.kindling.kit.tx.AfterCommit}).
 */
public final class EventHandlers {

    /** By CloudEvents type, so an event is matched to its handler before its payload is decoded. */
    private final Map<String, Handler> handlers = new HashMap<>();

    /** Registers the handler for one payload type; it runs inside the inbox transaction. */
    public <E extends DomainEvent> EventHandlers on(Class<E> type, Consumer<E> handler) {
        return on(type, e -> true, handler);
    }

    /**
     * Registers the handler for the events of one payload type that {@code concern} this service (for the conda
     * service, a session with a conda environment); the others are ignored like a type it does not handle, with no
     * transaction and no inbox row. Only for events the handler would do nothing with, and whose absence from the
     * inbox (and from its watermark) no later event of the same producer relies on.
     */
    public <E extends DomainEvent> EventHandlers on(Class<E> type, Predicate<? super E> concern, Consumer<E> handler) {
        handlers.put(EventCatalog.of(type).type(), new Handler(
                payload -> concern.test(type.cast(payload)),
                inbound -> handler.accept(type.cast(inbound.payload()))));
        return this;
    }

    /** The handler of events of this CloudEvents type; the others are ignored without being decoded. */
    Optional<Handler> handlerFor(String eventType) {
        return Optional.ofNullable(handlers.get(eventType));
    }

    /** Whether a decoded event concerns the service, and what applying it does. */
    record Handler(Predicate<DomainEvent> concerns, Consumer<InboundEvent> apply) {
    }
}
