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

    private final Map<Class<?>, Consumer<InboundEvent>> handlers = new HashMap<>();
    private final Map<String, Class<?>> types = new HashMap<>();

    /** Registers the handler for one payload type; it runs inside the inbox transaction. */
    public <E extends DomainEvent> EventHandlers on(Class<E> type, Consumer<E> handler) {
        handlers.put(type, inbound -> handler.accept(type.cast(inbound.payload())));
        types.put(EventCatalog.of(type).type(), type);
        return this;
    }

    /** Whether events of this CloudEvents type are handled here: the others are not even decoded. */
    boolean handles(String eventType) {
        return types.containsKey(eventType);
    }

    Optional<Consumer<InboundEvent>> handlerFor(DomainEvent payload) {
        return Optional.ofNullable(handlers.get(payload.getClass()));
    }
}
