package io.kindling.kit.outbox;

/** Puts one outbox row on the bus and returns only once the broker has acknowledged it. */
public interface EventPublisher {

    /** @throws RuntimeException when the broker did not take the event */
    void publish(OutboxRow row);
}
