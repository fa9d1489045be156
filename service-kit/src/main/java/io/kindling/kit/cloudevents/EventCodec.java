package io.kindling.kit.cloudevents;

import io.kindling.events.DomainEvent;
import io.kindling.events.EventCatalog;
import java.util.Optional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for event payloads. Unknown properties are ignored: producers may add optional fields before
 * every consumer knows them.
 */
public final class EventCodec {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public byte[] encode(DomainEvent event) {
        return json.writeValueAsBytes(event);
    }

    public String encodeToString(DomainEvent event) {
        return json.writeValueAsString(event);
    }

    /** The payload for a known type, or empty for a type this build does not know (newer producer). */
    public Optional<DomainEvent> decode(String type, byte[] data) {
        return EventCatalog.byType(type).map(entry -> json.readValue(data, entry.payload()));
    }
}
