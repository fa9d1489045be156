package io.kindling.kit.inbox;

/**
 * Thrown by a handler whose event arrived before what it is about: events of one aggregate on two topics are not
 * ordered with each other, and under load the gap can last much longer than the binder's few redeliveries. The
 * dispatcher rolls the transaction back and applies the event again in place, with backoff, for a bounded time,
 * so the event is neither applied too early nor dead-lettered.
 */
public class NotYetApplicableException extends RuntimeException {

    public NotYetApplicableException(String message) {
        super(message);
    }
}
