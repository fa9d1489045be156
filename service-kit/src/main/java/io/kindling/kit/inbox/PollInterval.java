package io.kindling.kit.inbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * A Kafka {@code max.poll.interval.ms} a service's consumers run with, and the setting it comes from.
 *
 * @param value   the interval
 * @param setting the property that sets it, or "Kafka's default"
 */
public record PollInterval(Duration value, String setting) {

    /** Kafka's own default for {@code max.poll.interval.ms}. */
    public static final PollInterval KAFKA_DEFAULT = new PollInterval(Duration.ofMinutes(5), "Kafka's default");

    private static final String KEY = "max.poll.interval.ms";
    /** Where Spring Cloud Stream's Kafka binder takes consumer configuration from, merged. */
    private static final List<String> SOURCES = List.of("spring.kafka", "spring.cloud.stream.kafka");

    /**
     * The shortest interval any consumer of the service may run with. The Kafka binder merges Spring Boot's Kafka
     * properties ({@code spring.kafka.properties}, {@code spring.kafka.consumer.properties}), its binder-wide ones
     * ({@code spring.cloud.stream.kafka.binder.configuration}, {@code ...binder.consumer-properties}), the default
     * consumer's and each binding's ({@code spring.cloud.stream.kafka.bindings.<binding>.consumer.configuration}),
     * so any of them may set it; Kafka's 5 min when none does. Environment variables count, in their relaxed form.
     */
    public static PollInterval shortest(Environment env) {
        Binder binder = Binder.get(env);
        PollInterval shortest = KAFKA_DEFAULT;
        for (String source : SOURCES) {
            Map<String, String> properties = binder.bind(source, Bindable.mapOf(String.class, String.class))
                    .orElse(Map.of());
            for (Map.Entry<String, String> property : properties.entrySet()) {
                if (property.getKey().equals(KEY) || property.getKey().endsWith("." + KEY)) {
                    PollInterval configured = parse(source + "." + property.getKey(), property.getValue());
                    if (configured.value().compareTo(shortest.value()) < 0) {
                        shortest = configured;
                    }
                }
            }
        }
        return shortest;
    }

    private static PollInterval parse(String setting, String millis) {
        try {
            return new PollInterval(Duration.ofMillis(Long.parseLong(millis.strip())), setting);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(setting + " must be a number of milliseconds, not '" + millis + "'", e);
        }
    }
}
