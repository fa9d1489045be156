package io.kindling.kit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.kindling.kit.cloudevents.BusHeaders;
import io.kindling.kit.cloudevents.EventCodec;
import io.kindling.kit.containment.Containment;
import io.kindling.kit.containment.ContainmentProperties;
import io.kindling.kit.environment.EnvironmentProperties;
import io.kindling.kit.environment.RuntimeEnvironments;
import io.kindling.kit.inbox.DeadLetters;
import io.kindling.kit.inbox.EventDispatcher;
import io.kindling.kit.inbox.EventHandlers;
import io.kindling.kit.inbox.EventInbox;
import io.kindling.kit.inbox.InboxProperties;
import io.kindling.kit.inbox.InboxPruner;
import io.kindling.kit.inbox.PollInterval;
import io.kindling.kit.internal.InternalApiGuard;
import io.kindling.kit.internal.InternalApiProperties;
import io.kindling.kit.job.JobCode;
import io.kindling.kit.job.JobSpecContexts;
import io.kindling.kit.job.JobsProperties;
import io.kindling.kit.outbox.EventPublisher;
import io.kindling.kit.outbox.Outbox;
import io.kindling.kit.outbox.OutboxHealth;
import io.kindling.kit.outbox.OutboxMetrics;
import io.kindling.kit.outbox.OutboxProperties;
import io.kindling.kit.outbox.OutboxRelay;
import io.kindling.kit.outbox.OutboxSignal;
import io.kindling.kit.outbox.SendFutures;
import io.kindling.kit.outbox.StreamBridgePublisher;
import io.kindling.kit.problem.ProblemAdvice;
import io.kindling.kit.resilience.DatabaseCircuit;
import io.kindling.kit.runtime.ClassDataSharing;
import io.kindling.kit.runtime.ClassListArchives;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.RuntimeProperties;
import io.kindling.kit.runtime.RuntimeSupport;
import io.kindling.kit.tracing.Traces;
import io.kindling.kit.tracing.TracingConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.config.ProducerMessageHandlerCustomizer;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaderMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reliability patterns every service is built on. A service imports this and declares one
 * {@link EventHandlers} bean with what it consumes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OutboxProperties.class, InboxProperties.class, RuntimeProperties.class,
        EnvironmentProperties.class, JobsProperties.class, InternalApiProperties.class,
        ContainmentProperties.class})
@PropertySource("classpath:kindling-kit-defaults.properties")
@Import({ProblemAdvice.class, TracingConfiguration.class})
public class ServiceKitConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RuntimeCatalog runtimeCatalog(RuntimeProperties props) {
        return new RuntimeCatalog(props);
    }

    @Bean
    RuntimeSupport runtimeSupport(RuntimeCatalog runtimes, RuntimeProperties props, Clock clock) {
        return new RuntimeSupport(runtimes, props, clock);
    }

    @Bean
    JobSpecContexts jobSpecContexts(RuntimeCatalog runtimes, RuntimeSupport support, JobsProperties props) {
        return new JobSpecContexts(runtimes, support, props);
    }

    @Bean
    JobCode jobCode(JobsProperties props) {
        return new JobCode(props.artifactsDir(), props.allowedHostPaths());
    }

    @Bean
    RuntimeEnvironments runtimeEnvironments(EnvironmentProperties props) {
        return new RuntimeEnvironments(props);
    }

    /** Made only in the services that start user code (lazily, when one asks for it), decided once. */
    @Bean
    @Lazy
    Containment containment(ContainmentProperties props,
                            @Value("${spring.application.name}") String name) {
        return Containment.start(props, name);
    }

    @Bean
    ClassDataSharing classDataSharing(RuntimeProperties props) {
        ClassDataSharing cds = new ClassDataSharing(props);
        cds.sweepAbandoned(java.time.Duration.ofMinutes(30));
        return cds;
    }

    @Bean(destroyMethod = "close")
    ClassListArchives classListArchives(ClassDataSharing cds) {
        return new ClassListArchives(cds);
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /** The Kafka binder takes its header mapper by this bean name, for producers and consumers alike. */
    @Bean(name = "kafkaBinderHeaderMapper")
    KafkaHeaderMapper kafkaBinderHeaderMapper() {
        return BusHeaders.mapper();
    }

    @Bean
    OutboxSignal outboxSignal() {
        return new OutboxSignal();
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, EventCodec codec, Clock clock, OutboxSignal signal, Traces traces) {
        return new Outbox(jdbc, codec, clock, signal, traces);
    }

    @Bean
    SendFutures sendFutures() {
        return new SendFutures();
    }

    /**
     * Every Kafka producer binding sends without waiting and hands its send's future to {@link SendFutures}: the
     * outbox relay puts a batch on the wire, then waits for each acknowledgement before it marks a row sent. The
     * handler does not log each send: it wrote the whole message (headers and payload) into a debug line on every send
     * whatever the level, since commons-logging's SLF4J bridge renders a message before SLF4J checks the level (a
     * sixteenth of the relay's time under load).
     */
    @Bean
    ProducerMessageHandlerCustomizer<KafkaProducerMessageHandler<?, ?>> asynchronousSends(SendFutures futures) {
        return (handler, destination) -> {
            handler.setSync(false);
            handler.setFuturesChannel(futures);
            handler.setLoggingEnabled(false);
        };
    }

    @Bean
    @ConditionalOnMissingBean
    EventPublisher eventPublisher(StreamBridge bridge, SendFutures futures,
                                  @Value("${spring.application.name}") String service) {
        return new StreamBridgePublisher(bridge, futures, service);
    }

    @Bean
    OutboxRelay outboxRelay(JdbcClient jdbc, TransactionTemplate tx, EventPublisher publisher, OutboxSignal signal,
                            OutboxProperties props, Clock clock, @Value("${spring.application.name}") String service,
                            Traces traces) {
        return new OutboxRelay(jdbc, tx, publisher, signal, props, clock, service, traces);
    }

    @Bean
    EventInbox eventInbox(JdbcClient jdbc, Clock clock) {
        return new EventInbox(jdbc, clock);
    }

    @Bean
    InboxPruner inboxPruner(JdbcClient jdbc, Clock clock, InboxProperties props, MeterRegistry meters,
                            @Value("${spring.application.name}") String service) {
        return new InboxPruner(jdbc, clock, props, meters, service);
    }

    @Bean
    EventDispatcher eventDispatcher(ObjectProvider<EventHandlers> handlers, EventInbox inbox, EventCodec codec,
                                    TransactionTemplate tx, Traces traces, MeterRegistry meters, Clock clock,
                                    InboxProperties props, Environment env) {
        return new EventDispatcher(handlers.getIfAvailable(EventHandlers::new), inbox, codec, tx, traces, meters,
                clock, props.checkWithin(PollInterval.shortest(env)));
    }

    /**
     * The container's retries and dead-lettering of an event that fails, reaching the broker as the binder does: its
     * brokers, its client {@code configuration} and, for the producer, its {@code producer-properties}.
     */
    @Bean
    DeadLetters deadLetters(Environment env) {
        Binder binder = Binder.get(env);
        Map<String, Object> client = new HashMap<>(binder.bind("spring.cloud.stream.kafka.binder.configuration",
                Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        client.put("bootstrap.servers", env.getRequiredProperty("spring.cloud.stream.kafka.binder.brokers"));
        Map<String, Object> producer = new HashMap<>(binder.bind("spring.cloud.stream.kafka.binder.producer-properties",
                Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        return new DeadLetters(client, producer);
    }

    @Bean
    OutboxHealth outboxHealthIndicator(OutboxRelay relay, Clock clock, OutboxProperties props) {
        return new OutboxHealth(relay, clock, props.stuckAfter());
    }

    /** {@code /internal/**} answers only calls with the install's service credential. */
    @Bean
    InternalApiGuard internalApiGuard(InternalApiProperties props) {
        return new InternalApiGuard(props);
    }

    @Bean
    DatabaseCircuit databaseCircuit(CircuitBreakerRegistry circuits) {
        return new DatabaseCircuit(circuits);
    }

    @Bean
    OutboxMetrics outboxMetrics(JdbcClient jdbc, Clock clock) {
        return new OutboxMetrics(jdbc, clock);
    }
}
