package io.kindling.teardown;

import io.kindling.events.ClusterFailed;
import io.kindling.events.ClusterProvisioned;
import io.kindling.events.ClusterReleased;
import io.kindling.events.ClusterTornDown;
import io.kindling.events.SessionBusy;
import io.kindling.events.SessionEnded;
import io.kindling.events.SessionIdle;
import io.kindling.kit.ServiceKitConfiguration;
import io.kindling.kit.inbox.EventDispatcher;
import io.kindling.kit.inbox.EventHandlers;
import io.kindling.kit.outbox.Outbox;
import io.kindling.kit.tracing.Traces;
import io.kindling.teardown.deadline.DeadlinePlanner;
import io.kindling.teardown.deadline.DeadlineRepository;
import io.kindling.teardown.deadline.DeadlineSweeper;
import io.kindling.teardown.deadline.DeadlineTelemetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/** Durable deadlines: session expiry and the cluster teardown grace. */
@SpringBootApplication
@Import(ServiceKitConfiguration.class)
@EnableConfigurationProperties(TeardownProperties.class)
public class TeardownApplication {

    /** Its configuration file is {@code teardown-service.yml}, so services can share one classpath. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(TeardownApplication.class).properties("spring.config.name=teardown-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    @Bean
    DeadlineRepository deadlineRepository(JdbcClient jdbc) {
        return new DeadlineRepository(jdbc);
    }

    @Bean
    DeadlineTelemetry deadlineTelemetry(Traces traces, MeterRegistry meters) {
        return new DeadlineTelemetry(traces, meters);
    }

    @Bean
    DeadlinePlanner deadlinePlanner(DeadlineRepository deadlines, Clock clock, TeardownProperties props,
                                    DeadlineTelemetry telemetry) {
        return new DeadlinePlanner(deadlines, clock, props.clusterGrace(), telemetry);
    }

    @Bean
    DeadlineSweeper deadlineSweeper(DeadlineRepository deadlines, Outbox outbox, TransactionTemplate tx, Clock clock,
                                    TeardownProperties props, DeadlineTelemetry telemetry) {
        return new DeadlineSweeper(deadlines, outbox, tx, clock, props.sweepInterval(), props.batchSize(), telemetry);
    }

    @Bean
    EventHandlers eventHandlers(DeadlinePlanner planner) {
        return new EventHandlers()
                .on(SessionIdle.class, planner::onIdle)
                .on(SessionBusy.class, planner::onBusy)
                .on(SessionEnded.class, planner::onSessionEnded)
                .on(ClusterReleased.class, planner::onReleased)
                .on(ClusterProvisioned.class, planner::onReserved)
                .on(ClusterTornDown.class, planner::onGone)
                .on(ClusterFailed.class, planner::onFailed);
    }

    @Bean
    Consumer<Message<List<byte[]>>> sessionEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }

    @Bean
    Consumer<Message<List<byte[]>>> clusterEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }
}
