package io.kindling.embedded;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One in-process KRaft Kafka broker (combined controller and broker), for the all-in-one mode and tests.
 * Port 0 picks a free port.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker on {@code port} (0 for any free port) with the given topics (3 partitions each). */
    public static EmbeddedKafka start(int port, String... topics) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, topics);
        if (port > 0) {
            broker.kafkaPorts(port);
        }
        broker.brokerProperties(Map.of(
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "true",
                "offsets.topic.num.partitions", "5",
                "log.retention.hours", "24"));
        broker.afterPropertiesSet();
        return new EmbeddedKafka(broker);
    }

    /** {@code host:port[,host:port]}. */
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
