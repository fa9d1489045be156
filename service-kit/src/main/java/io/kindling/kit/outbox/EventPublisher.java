package io.kindling.kit.outbox;

import java.util.concurrent.CompletableFuture;

/**
 * Puts outbox rows on the bus. A send does not wait for the broker: the relay sends a whole batch, in order, then
 * waits for each acknowledgement, and marks a row sent only once its future completed.
 */
public interface EventPublisher {

    /**
     * Hands one row to the bus; the future completes when the broker acknowledged it, exceptionally when it did not.
     *
     * @throws RuntimeException when the bus did not even take the row (no metadata for the topic, a closed producer)
     */
    CompletableFuture<?> send(OutboxRow row);
}
