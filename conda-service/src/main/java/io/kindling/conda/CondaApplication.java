package io.kindling.conda;

import io.kindling.kit.ServiceKitConfiguration;
import io.kindling.kit.inbox.EventDispatcher;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;

/**
 * Session environments (conda specs). Wired to the bus with its schema; sessions carry no conda spec
 * yet, so it registers no handlers and applies nothing.
 */
@SpringBootApplication
@Import(ServiceKitConfiguration.class)
public class CondaApplication {

    /** Its configuration file is {@code conda-service.yml}, so services can share one classpath. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CondaApplication.class).properties("spring.config.name=conda-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    @Bean
    Consumer<Message<byte[]>> sessionEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }
}
