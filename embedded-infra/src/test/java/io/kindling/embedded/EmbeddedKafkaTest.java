package io.kindling.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker lets in only clients with its credentials: before, any process on the host (user code in
 * single-user mode) could read every event and publish its own.
 */
class EmbeddedKafkaTest {

    @Test
    void onlyAClientWithTheBrokersCredentialsGetsIn() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, "kindling.test")) {
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kindling.test");
            }
            // a plain client, as code that found the port would try: the broker never answers it
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "default.api.timeout.ms", 3000, "request.timeout.ms", 2000))) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasMessageContaining("Timed out");
            }
            Map<String, Object> wrong = new HashMap<>(kafka.clientProperties());
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                    + "username=\"kindling\" password=\"guessed\";");
            try (Admin admin = Admin.create(wrong)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }
}
