package io.kindling.kit.inbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Retries and dead-letters an event its consumer could not apply ({@link EventDispatcher} names it by its place in
 * the poll): the container commits the offsets of the events before it, tries it again with the binding's back-off
 * ({@code max-attempts}, {@code back-off-*}) and then publishes it to {@code error.<topic>.<group>} with the same key
 * and headers, plus the exception's, and goes on with the partition. An event that is still not applicable after its
 * wait in place ({@link NotYetApplicableException}) is not retried: each retry would wait as long again. While the
 * dead-letter topic cannot be written the event is tried again, not dropped: the container seeks back to an event
 * whose recovery failed and runs its back-off again (Spring Kafka's {@code DefaultErrorHandler}, as documented;
 * OutboxInboxIntegrationTest shows it with a dead-letter topic the broker refuses records for).
 *
 * <p>The binder's own dead-lettering is off: in batch mode it would send every event of the poll to the dead-letter
 * topic for one that failed.
 */
public class DeadLetters implements ListenerContainerWithDlqAndRetryCustomizer, DisposableBean {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, Object> clientConfig;
    private final DefaultKafkaProducerFactory<byte[], byte[]> producers;
    private final KafkaTemplate<byte[], byte[]> template;
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();

    /**
     * @param clientConfig   how to reach the broker (bootstrap servers, and the binder's client settings such as
     *                       security), for the dead-letter producer and for creating the dead-letter topics
     * @param producerConfig the binder's producer settings (its timeouts while the broker is away)
     */
    public DeadLetters(Map<String, Object> clientConfig, Map<String, Object> producerConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
        Map<String, Object> producer = new HashMap<>(clientConfig);
        producer.putAll(producerConfig);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producers = new DefaultKafkaProducerFactory<>(producer);
        this.template = new KafkaTemplate<>(producers);
    }

    /** The dead-letter topic of a consumer group's binding, as the binder named it. */
    private static String topicFor(String destination, String group) {
        return "error." + destination + "." + group;
    }

    @Override
    public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
                          BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
                          BackOff backOff) {
        String topic = topicFor(destinationName, group);
        // the topic is created when a first event goes there, not at startup (which then needs no admin client); while
        // it cannot be, the recovery fails and the event is tried again. Partition -1: the producer places the event
        // by its key, whatever the partitions of the dead-letter topic
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template, (failed, e) -> {
            provision(topic);
            return new TopicPartition(topic, -1);
        });
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer,
                backOff != null ? backOff : new FixedBackOff(0L, 0L));
        handler.addNotRetryableExceptions(NotYetApplicableException.class);
        container.setCommonErrorHandler(handler);
    }

    /** Batch bindings only: the binder's retry of one record at a time never runs. */
    @Override
    public boolean retryAndDlqInBinding(String destinationName, String group) {
        return false;
    }

    private void provision(String topic) {
        if (provisioned.contains(topic)) {
            return;
        }
        try (Admin admin = Admin.create(clientConfig)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the dead-letter topic " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create the dead-letter topic " + topic + " within "
                    + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating the dead-letter topic " + topic, e);
        }
        provisioned.add(topic);
    }

    @Override
    public void destroy() {
        producers.destroy();
    }
}
