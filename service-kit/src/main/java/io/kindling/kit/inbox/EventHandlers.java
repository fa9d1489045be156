package io.kindling.kit.inbox;

import io.kindling.events.DomainEvent;
import io.kindling.events.EventCatalog;
import io.kindling.kit.cloudevents.InboundEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** What a service does with each event type it consumes. Types it does not list are ignored. */
public final class EventHandlers {

    /** By CloudEvents type, so an event is matched to its handler before its payload is decoded. */
    private final Map<String, Consumer<InboundEvent>> handlers = new HashMap<>();

    /** Registers the handler for one payload type; it runs inside the inbox transaction. */
    public <E extends DomainEvent> EventHandlers on(Class<E> type, Consumer<E> handler) {
        handlers.put(EventCatalog.of(type).type(), inbound -> handler.accept(type.cast(inbound.payload())));
        return this;
    }

    /** The handler of events of this CloudEvents type; the others are ignored without being decoded. */
    Optional<Consumer<InboundEvent>> handlerFor(String eventType) {
        return Optional.ofNullable(handlers.get(eventType));
    }
}
