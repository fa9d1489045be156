package io.kindling.session;

import io.kindling.kit.ServiceKitConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** Sessions, statements and session drivers. */
@SpringBootApplication
@Import(ServiceKitConfiguration.class)
@EnableConfigurationProperties(SessionServiceProperties.class)
public class SessionServiceApplication {

    /** Its configuration file is {@code session-service.yml}, so services can share one classpath. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(SessionServiceApplication.class)
                .properties("spring.config.name=session-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
