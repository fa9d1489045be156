package io.kindling.gateway;

import io.kindling.kit.ServiceKitConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The public API of Kindling. It has no {@code /error} page: an error outside Spring MVC is a problem written by
 * Tomcat's error report valve ({@code http.ProblemReportValve}), not Spring Boot's JSON.
 */
@SpringBootApplication(exclude = ErrorMvcAutoConfiguration.class)
@Import(ServiceKitConfiguration.class)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayApplication {

    /** Its configuration file is {@code gateway-service.yml}, so services can share one classpath. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=gateway-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
