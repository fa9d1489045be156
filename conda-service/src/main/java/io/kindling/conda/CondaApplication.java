package io.kindling.conda;

import io.kindling.conda.build.Archiver;
import io.kindling.conda.build.Builders;
import io.kindling.conda.build.EnvironmentBuilder;
import io.kindling.conda.build.ProcessRunner;
import io.kindling.conda.confinement.BuildConfinements;
import io.kindling.conda.environment.EnvironmentRequests;
import io.kindling.conda.store.ArchiveStore;
import io.kindling.conda.store.LocalArchiveStore;
import io.kindling.events.JobAccepted;
import io.kindling.events.JobFailed;
import io.kindling.events.JobSucceeded;
import io.kindling.events.SessionEnded;
import io.kindling.events.SessionRequested;
import io.kindling.kit.ServiceKitConfiguration;
import io.kindling.kit.containment.Containment;
import io.kindling.kit.environment.EnvironmentProperties;
import io.kindling.kit.inbox.EventDispatcher;
import io.kindling.kit.inbox.EventHandlers;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;

/**
 * Session and job environments: builds conda specs with a hard install limit, caches them when asked, and answers
 * each requesting session or job with EnvironmentReady or EnvironmentFailed.
 */
@SpringBootApplication
@Import(ServiceKitConfiguration.class)
@EnableConfigurationProperties(CondaProperties.class)
public class CondaApplication {

    /** Its configuration file is {@code conda-service.yml}, so services can share one classpath. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CondaApplication.class).properties("spring.config.name=conda-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    @Bean
    EventHandlers eventHandlers(EnvironmentRequests requests) {
        // a session or job without a conda environment (most of them) costs this service no transaction and no row
        return new EventHandlers()
                .on(SessionRequested.class, e -> e.conda() != null, requests::onSessionRequested)
                .on(SessionEnded.class, requests::onSessionEnded)
                .on(JobAccepted.class, e -> e.conda() != null, requests::onJobAccepted)
                .on(JobSucceeded.class, requests::onJobSucceeded)
                .on(JobFailed.class, requests::onJobFailed);
    }

    @Bean
    ProcessRunner processRunner(Clock clock) {
        return new ProcessRunner(clock);
    }

    @Bean
    EnvironmentBuilder environmentBuilder(CondaProperties props, EnvironmentProperties environments,
                                          ProcessRunner runner, Clock clock) {
        return Builders.create(props, environments, runner, clock);
    }

    @Bean
    BuildConfinements buildConfinements(Containment containment, CondaProperties props,
                                        EnvironmentProperties environments, EnvironmentBuilder builder) {
        return new BuildConfinements(containment, props, environments, builder.name());
    }

    @Bean
    Archiver archiver(ProcessRunner runner, Clock clock) {
        return new Archiver(runner, clock);
    }

    @Bean
    ArchiveStore archiveStore(CondaProperties props) {
        return new LocalArchiveStore(props.cacheDir());
    }

    @Bean
    Consumer<Message<List<byte[]>>> sessionEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }

    @Bean
    Consumer<Message<List<byte[]>>> jobEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }
}
