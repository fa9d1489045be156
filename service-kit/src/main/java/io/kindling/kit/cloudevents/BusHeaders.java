package io.kindling.kit.cloudevents;

import org.springframework.kafka.support.KafkaHeaderMapper;
import org.springframework.kafka.support.SimpleKafkaHeaderMapper;
import org.springframework.messaging.MessageHeaders;

/**
 * How message headers become Kafka record headers and back: every header Kindling sends is a string (the CloudEvents
 * attributes, {@code traceparent}, the outbox write time), so each goes out as its UTF-8 bytes and comes in as bytes,
 * which {@link CloudEventHeaders} and the trace propagation read. The binder's default mapper also wrote a JSON map
 * of every header's Java type into each record and parsed it again in every consumer (a twentieth of a consumer's
 * time under load) to turn bytes back into strings. The bytes on the wire are the same as before, less that map.
 */
public final class BusHeaders {

    private BusHeaders() {
    }

    /** All headers but {@code id} and {@code timestamp} out, as bytes; all in, as bytes, but the content type. */
    public static KafkaHeaderMapper mapper() {
        SimpleKafkaHeaderMapper mapper = new SimpleKafkaHeaderMapper();
        mapper.setMapAllStringsOut(true);
        // Spring's message conversion reads it as a string or a MimeType, never bytes
        mapper.addRawMappedHeader(MessageHeaders.CONTENT_TYPE, true);
        return mapper;
    }
}
