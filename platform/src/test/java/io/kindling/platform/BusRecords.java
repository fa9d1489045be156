package io.kindling.platform;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What is really on a topic, read from its beginning to its end as a plain consumer would (no group). */
final class BusRecords {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One record: its CloudEvents type, its key and its payload. */
    record Event(String type, String key, JsonNode payload) {
    }

    private BusRecords() {
    }

    /** Every record on {@code topic} now, in each partition's order. */
    static List<Event> all(Platform platform, String topic) {
        Properties props = new Properties();
        props.putAll(platform.kafkaClientProperties());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bus-records-" + UUID.randomUUID());
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("could not read " + topic + " to its end " + end + " within a minute");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(new Event(header(r.headers()
                        .lastHeader("ce_type")), r.key(), JSON.readTree(r.value()))));
            }
        }
        return events;
    }

    /** The records of {@code type} on {@code topic} whose payload's {@code field} is {@code value}. */
    static List<Event> of(Platform platform, String topic, String type, String field, String value) {
        return all(platform, topic).stream().filter(e -> type.equals(e.type()))
                .filter(e -> value.equals(e.payload().path(field).asString(null))).toList();
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
