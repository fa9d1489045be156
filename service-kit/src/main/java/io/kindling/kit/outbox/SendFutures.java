package io.kindling.kit.outbox;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.integration.kafka.support.KafkaIntegrationHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

/**
 * The Kafka producer handlers' futures channel: for a message sent with a {@code kafka_futureToken} header, the
 * binder's handler hands over the send's future here, on the sending thread, before its send returns. The publisher
 * then takes it by that token and waits for the broker's acknowledgement when it chooses to, so the relay can put a
 * whole batch on the wire before it waits.
 */
public class SendFutures implements MessageChannel {

    private final Map<Object, CompletableFuture<?>> pending = new ConcurrentHashMap<>();

    @Override
    public boolean send(Message<?> message, long timeout) {
        Object token = message.getHeaders().get(KafkaIntegrationHeaders.FUTURE_TOKEN);
        if (token == null || !(message.getPayload() instanceof CompletableFuture<?> future)) {
            return false;
        }
        pending.put(token, future);
        return true;
    }

    /** The future of the send made under {@code token}, or null when the handler gave none. */
    CompletableFuture<?> take(Object token) {
        return pending.remove(token);
    }
}
