package io.kindling.kit.cloudevents;

import io.kindling.events.DomainEvent;
import io.kindling.events.EventCatalog;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for event payloads. Unknown properties are ignored: producers may add optional fields before
 * every consumer knows them.
 */
public final class EventCodec {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new EventJsonModule())
            .build();
    /** A reader per event type, by CloudEvents type: the payload's type is resolved once, not per event. */
    private final Map<String, ObjectReader> readers = EventCatalog.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventCatalog.Entry::type, e -> json.readerFor(e.payload())));

    public byte[] encode(DomainEvent event) {
        return json.writeValueAsBytes(event);
    }

    public String encodeToString(DomainEvent event) {
        return json.writeValueAsString(event);
    }

    /** The payload for a known type, or empty for a type this build does not know (newer producer). */
    public Optional<DomainEvent> decode(String type, byte[] data) {
        ObjectReader reader = readers.get(type);
        return reader == null ? Optional.empty() : Optional.of(reader.<DomainEvent>readValue(data));
    }
}
