package io.kindling.provisioning;

import io.kindling.kit.ServiceKitConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** Clusters: provisioning, release, teardown. */
@SpringBootApplication
@Import(ServiceKitConfiguration.class)
@EnableConfigurationProperties(ProvisioningProperties.class)
public class ProvisioningApplication {

    /** Its configuration file is {@code provisioning-service.yml}, so services can share one classpath. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ProvisioningApplication.class)
                .properties("spring.config.name=provisioning-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
