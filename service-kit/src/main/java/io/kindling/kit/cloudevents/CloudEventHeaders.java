package io.kindling.kit.cloudevents;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CloudEvents 1.0 Kafka binding, binary content mode: attributes travel as {@code ce_*} headers, the JSON
 * payload is the record value. Building through the SDK's builder validates the required attributes.
 */
public final class CloudEventHeaders {

    public static final String PREFIX = "ce_";
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";
    /** When the producer wrote the event to its outbox (epoch millis): the start of its hop across the bus. */
    public static final String WRITTEN_AT = "kindling_written_at";
    /** An extension attribute's name as CloudEvents allows it (lower-case letters and digits, at most 20). */
    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");

    private CloudEventHeaders() {
    }

    /** Headers for an event; values are plain strings. */
    public static Map<String, Object> toHeaders(CloudEvent event) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(PREFIX + "specversion", event.getSpecVersion().toString());
        headers.put(PREFIX + "id", event.getId());
        headers.put(PREFIX + "type", event.getType());
        headers.put(PREFIX + "source", event.getSource().toString());
        if (event.getSubject() != null) {
            headers.put(PREFIX + "subject", event.getSubject());
        }
        if (event.getTime() != null) {
            headers.put(PREFIX + "time", event.getTime().toString());
        }
        headers.put(CONTENT_TYPE, event.getDataContentType() == null ? JSON : event.getDataContentType());
        for (String name : event.getExtensionNames()) {
            headers.put(PREFIX + name, String.valueOf(event.getExtension(name)));
        }
        return headers;
    }

    /**
     * Reads an event back from headers whose values may be {@code String} or {@code byte[]} (depending on
     * the header mapper in between).
     *
     * @throws IllegalArgumentException when a required attribute is missing or malformed
     */
    public static CloudEvent fromHeaders(Map<String, ?> headers, byte[] data) {
        String spec = text(headers, PREFIX + "specversion");
        if (spec == null) {
            throw new IllegalArgumentException("not a CloudEvent: no ce_specversion header");
        }
        CloudEventBuilder builder = CloudEventBuilder.fromSpecVersion(SpecVersion.parse(spec))
                .withId(text(headers, PREFIX + "id"))
                .withType(text(headers, PREFIX + "type"))
                .withSource(URI.create(require(headers, PREFIX + "source")))
                .withSubject(text(headers, PREFIX + "subject"))
                .withDataContentType(JSON)
                .withData(data);
        String time = text(headers, PREFIX + "time");
        if (time != null) {
            builder.withTime(Timestamps.parse(time).atOffset(ZoneOffset.UTC));
        }
        headers.forEach((name, value) -> {
            String attr = name.startsWith(PREFIX) || name.startsWith("ce-") ? name.substring(3) : null;
            if (attr != null && !isCoreAttribute(attr) && EXTENSION_NAME.matcher(attr).matches()) {
                builder.withExtension(attr, text(headers, PREFIX + attr));
            }
        });
        return builder.build();
    }

    private static boolean isCoreAttribute(String attr) {
        return switch (attr) {
            case "specversion", "id", "type", "source", "subject", "time", "datacontenttype", "dataschema" -> true;
            default -> false;
        };
    }

    private static String require(Map<String, ?> headers, String name) {
        String value = text(headers, name);
        if (value == null) {
            throw new IllegalArgumentException("CloudEvent without header " + name);
        }
        return value;
    }

    /** When the producer wrote the event to its outbox, if it said ({@link #WRITTEN_AT}). */
    public static java.util.Optional<java.time.Instant> writtenAt(Map<String, ?> headers) {
        String millis = text(headers, WRITTEN_AT);
        if (millis == null || millis.isEmpty() || millis.length() > 15
                || !millis.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.time.Instant.ofEpochMilli(Long.parseLong(millis)));
    }

    /**
     * Kafka carries {@code ce_x}; Spring Cloud Function hands a consumer the canonical {@code ce-x}.
     */
    private static String text(Map<String, ?> headers, String name) {
        Object value = headers.get(name);
        if (value == null && name.startsWith(PREFIX)) {
            value = headers.get("ce-" + name.substring(PREFIX.length()));
        }
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            String s = new String(bytes, StandardCharsets.UTF_8);
            // a JSON-encoding header mapper wraps strings in quotes
            return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
        }
        return value.toString();
    }
}
