package io.kindling.kit.inbox;

import io.cloudevents.CloudEvent;
import io.kindling.events.DomainEvent;
import io.kindling.kit.cloudevents.CloudEventHeaders;
import io.kindling.kit.cloudevents.EventCodec;
import io.kindling.kit.cloudevents.InboundEvent;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a bus message into a CloudEvent and payload, and applies it at most once through the inbox.
 * A handler that throws rolls the whole transaction back and the binder redelivers the message.
 */
public class EventDispatcher {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final EventHandlers handlers;
    private final EventInbox inbox;
    private final EventCodec codec;
    private final TransactionTemplate tx;

    public EventDispatcher(EventHandlers handlers, EventInbox inbox, EventCodec codec, TransactionTemplate tx) {
        this.handlers = handlers;
        this.inbox = inbox;
        this.codec = codec;
        this.tx = tx;
    }

    /** Entry point for a Spring Cloud Stream consumer function. */
    public void dispatch(Message<byte[]> message) {
        CloudEvent ce = CloudEventHeaders.fromHeaders(message.getHeaders(), message.getPayload());
        Optional<DomainEvent> payload = codec.decode(ce.getType(), message.getPayload());
        if (payload.isEmpty()) {
            log.debug("ignoring event {} of unknown type {}", ce.getId(), ce.getType());
            return;
        }
        // subject is optional in CloudEvents: a producer outside Kindling may leave it out
        String subject = ce.getSubject() != null ? ce.getSubject() : payload.get().aggregateId();
        InboundEvent event = new InboundEvent(ce.getId(), ce.getType(), ce.getSource().toString(), subject,
                ce.getTime() == null ? null : ce.getTime().toInstant(), payload.get());
        Optional<Consumer<InboundEvent>> handler = handlers.handlerFor(payload.get());
        if (handler.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(status -> {
            EventInbox.Verdict verdict = inbox.admit(event);
            if (verdict == EventInbox.Verdict.APPLY) {
                handler.get().accept(event);
            } else {
                log.info("dropped {} event {} ({} from {})", verdict, event.id(), event.type(), event.source());
            }
        });
    }
}
