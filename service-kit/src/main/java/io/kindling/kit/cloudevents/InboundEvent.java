package io.kindling.kit.cloudevents;

import io.kindling.events.DomainEvent;
import java.time.Instant;

/**
 * An event as a consumer receives it: the envelope's attributes and the decoded payload.
 *
 * @param source the producing service, e.g. {@code /kindling/gateway-service}
 */
public record InboundEvent(String id, String type, String source, String subject, Instant time, DomainEvent payload) {
}
