package io.kindling.kit.outbox;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.kindling.kit.cloudevents.CloudEventHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.integration.kafka.support.KafkaIntegrationHeaders;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Publishes through Spring Cloud Stream: the topic is the destination, the aggregate id the record key
 * (so one aggregate's events stay ordered), the CloudEvents attributes {@code ce_*} headers.
 * The producer bindings are asynchronous and hand each send's future to {@link SendFutures} (the kit's handler
 * customizer), which this takes back by the event id; a binding without that customizer gives no future, and a send
 * through it fails here rather than pass for acknowledged.
 */
public class StreamBridgePublisher implements EventPublisher {

    private final StreamBridge bridge;
    private final SendFutures futures;
    private final URI source;

    public StreamBridgePublisher(StreamBridge bridge, SendFutures futures, String serviceName) {
        this.bridge = bridge;
        this.futures = futures;
        this.source = URI.create("/kindling/" + serviceName);
    }

    @Override
    public CompletableFuture<?> send(OutboxRow row) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(row.eventId().toString())
                .withType(row.type())
                .withSource(source)
                .withSubject(row.aggregateId())
                .withTime(row.occurredAt().atOffset(ZoneOffset.UTC))
                .withDataContentType(CloudEventHeaders.JSON)
                .build();
        MessageBuilder<byte[]> message = MessageBuilder.withPayload(row.payload().getBytes(StandardCharsets.UTF_8))
                .copyHeaders(CloudEventHeaders.toHeaders(event))
                .setHeader(KafkaHeaders.KEY, row.aggregateId().getBytes(StandardCharsets.UTF_8));
        message.setHeader(CloudEventHeaders.WRITTEN_AT, Long.toString(row.writtenAt().toEpochMilli()));
        String token = row.eventId().toString();
        message.setHeader(KafkaIntegrationHeaders.FUTURE_TOKEN, token);
        if (row.traceparent() != null) {
            message.setHeader("traceparent", row.traceparent());
        }
        Message<byte[]> built = message.build();
        boolean sent;
        try {
            sent = bridge.send(row.topic(), built);
        } catch (MessagingException e) {
            // the binder's own message ("error occurred in message handler") says nothing: keep the producer's
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
            throw new IllegalStateException("bus did not take event " + row.eventId() + " for topic " + row.topic()
                    + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), e);
        }
        CompletableFuture<?> future = futures.take(token);
        if (!sent) {
            throw new IllegalStateException("bus refused event " + row.eventId() + " for topic " + row.topic());
        }
        if (future == null) {
            throw new IllegalStateException("the producer binding for topic " + row.topic() + " gave no send future "
                    + "for event " + row.eventId() + ", so its acknowledgement cannot be known: is it asynchronous with "
                    + "the kit's futures channel (ServiceKitConfiguration)?");
        }
        return future;
    }
}
