package io.kindling.teardown;

import io.kindling.kit.ServiceKitConfiguration;
import io.kindling.kit.inbox.EventDispatcher;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;

/**
 * Durable deadlines: session expiry and the cluster teardown grace. Wired to the bus with its schema;
 * until its deadlines land, it registers no handlers and applies nothing, and provisioning-service tears a
 * cluster down as soon as its session ends.
 */
@SpringBootApplication
@Import(ServiceKitConfiguration.class)
public class TeardownApplication {

    /** Its configuration file is {@code teardown-service.yml}, so services can share one classpath. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(TeardownApplication.class).properties("spring.config.name=teardown-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    @Bean
    Consumer<Message<byte[]>> sessionEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }

    @Bean
    Consumer<Message<byte[]>> clusterEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }
}
