package io.kindling.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kindling.embedded.EmbeddedDatabase;
import io.kindling.embedded.EmbeddedKafka;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.kindling.events.ClusterTornDown;
import io.kindling.events.DomainEvent;
import io.kindling.events.EventCatalog;
import io.kindling.events.SessionStopRequested;
import io.kindling.events.Topics;
import io.kindling.kit.cloudevents.CloudEventHeaders;
import io.kindling.kit.cloudevents.EventCodec;
import io.kindling.kit.inbox.EventDispatcher;
import io.kindling.kit.outbox.Outbox;
import io.kindling.kit.testapp.KitTestApplication;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox, the relay, CloudEvents on Kafka and the idempotent inbox, on a real broker and database. */
@Tag("integration")
class OutboxInboxIntegrationTest {

    /** The binder's dead-letter topic for this consumer: error.<destination>.<group>. */
    private static final String DEAD_LETTERS = "error." + Topics.SESSIONS + ".kit-test";
    private static final String ASSIGNMENT_STRATEGY =
            "spring.cloud.stream.kafka.binder.consumer-properties.partition.assignment.strategy";
    private static final String CLUSTER_DEAD_LETTERS = "error." + Topics.CLUSTERS + ".kit-test";
    /** Long enough for the rebalance test's awaited event to come, short enough to see an event given up. */
    private static final Duration WAIT_IN_PLACE = Duration.ofSeconds(30);

    private static EmbeddedKafka kafka;
    private static EmbeddedDatabase db;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(0, Topics.SESSIONS);
        db = EmbeddedDatabase.start(0, null);
        app = new SpringApplicationBuilder(KitTestApplication.class).properties(properties()).run();
    }

    /** The kit test app's settings: a schema of its own, both bindings, a short wait in place. */
    private static Map<String, Object> properties() {
        return new HashMap<>(Map.ofEntries(
                Map.entry("spring.application.name", "kit-test"),
                Map.entry("kindling.schema", "kittest"),
                Map.entry("server.port", "0"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()),
                Map.entry("KAFKA_SECURITY_PROTOCOL", kafka.clientProperties().get("security.protocol")),
                Map.entry("KAFKA_SASL_JAAS_CONFIG", kafka.clientProperties().get("sasl.jaas.config")),
                Map.entry("DATABASE_URL", db.jdbcUrl()),
                Map.entry("DATABASE_USER", db.username()),
                Map.entry("DATABASE_PASSWORD", db.password()),
                Map.entry("kindling.internal.token", "kit-test-internal-token-0123456789abcdef"),
                Map.entry("spring.cloud.function.definition", "sessionEvents;clusterEvents"),
                Map.entry("spring.cloud.stream.bindings.sessionEvents-in-0.destination", Topics.SESSIONS),
                Map.entry("spring.cloud.stream.bindings.clusterEvents-in-0.destination", Topics.CLUSTERS),
                Map.entry("kindling.inbox.wait-in-place", WAIT_IN_PLACE.toSeconds() + "s"),
                // the coordinator says when a consumer rejoins its group (the rebalance test waits for that)
                Map.entry("logging.level.org.apache.kafka.clients.consumer.internals", "INFO")));
    }

    @Test
    void aServiceWhoseWaitInPlaceCrowdsKafkasPollIntervalRefusesToStart() {
        Map<String, Object> crowded = properties();
        crowded.put("spring.application.name", "kit-test-crowded");
        crowded.put("kindling.inbox.wait-in-place", "90s");
        // one binding's own setting, below the binder-wide one: the shortest counts
        crowded.put("spring.cloud.stream.kafka.binder.consumer-properties.max.poll.interval.ms", "600000");
        crowded.put("spring.cloud.stream.kafka.bindings.clusterEvents-in-0.consumer.configuration."
                + "max.poll.interval.ms", "120000");

        assertThatThrownBy(() -> new SpringApplicationBuilder(KitTestApplication.class).properties(crowded).run())
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kindling.inbox.wait-in-place (PT1M30S) must be at least 1m below Kafka's "
                        + "max.poll.interval.ms (PT2M, spring.cloud.stream.kafka.bindings.clusterEvents-in-0");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (db != null) {
            db.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void clear() {
        KitTestApplication.APPLIED.clear();
        KitTestApplication.TORN_DOWN.clear();
    }

    @Test
    void committedEventReachesTheConsumerAsACloudEventWithTheAggregateAsKey() {
        inTx(() -> app.getBean(Outbox.class).add(stop("s-1", 1, "alice")));

        await().atMost(Duration.ofSeconds(30)).until(() -> KitTestApplication.APPLIED.size() == 1);
        assertThat(KitTestApplication.APPLIED.get(0).sessionId()).isEqualTo("s-1");

        ConsumerRecord<byte[], byte[]> record = readAll().stream()
                .filter(r -> "s-1".equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", SessionStopRequested.TYPE)
                .containsEntry("ce_source", "/kindling/kit-test")
                .containsEntry("ce_subject", "s-1")
                .containsKey("ce_id").containsKey("ce_time");
        // headers are plain bytes (BusHeaders): no JSON map of their Java types for every consumer to parse
        assertThat(headers).as("the record's headers").doesNotContainKey("spring_json_header_types");
        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readTree(record.value())
                .get("sessionId").asString()).isEqualTo("s-1");
        assertThat(jdbc().sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL").query(Long.class).single())
                .isZero();
    }

    @Test
    void rolledBackStateChangeTakesItsEventWithIt() {
        assertThatThrownBy(() -> inTx(() -> {
            app.getBean(Outbox.class).add(stop("s-rollback", 1, "bob"));
            throw new IllegalStateException("rollback");
        })).hasMessage("rollback");
        inTx(() -> app.getBean(Outbox.class).add(stop("s-after", 1, "bob")));

        await().atMost(Duration.ofSeconds(30)).until(() -> KitTestApplication.APPLIED.stream()
                .anyMatch(e -> e.sessionId().equals("s-after")));
        assertThat(KitTestApplication.APPLIED).extracting(SessionStopRequested::sessionId)
                .as("events that reached the consumer").containsExactly("s-after");
    }

    @Test
    void redeliveredAndStaleEventsAreNotAppliedTwice() throws Exception {
        inTx(() -> app.getBean(Outbox.class).add(stop("s-dup", 5, "carol")));
        await().atMost(Duration.ofSeconds(30)).until(() -> KitTestApplication.APPLIED.size() == 1);
        ConsumerRecord<byte[], byte[]> original = readAll().stream()
                .filter(r -> "s-dup".equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();

        // the same record again (a redelivery) and an older generation of the same aggregate
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.SESSIONS, null, original.key(), original.value(),
                    original.headers())).get();
            byte[] older = new String(original.value(), StandardCharsets.UTF_8)
                    .replace("\"generation\": 5", "\"generation\": 4").getBytes(StandardCharsets.UTF_8);
            assertThat(older).isNotEqualTo(original.value());
            ProducerRecord<byte[], byte[]> stale = new ProducerRecord<>(Topics.SESSIONS, null, original.key(),
                    older, original.headers());
            stale.headers().remove("ce_id").add("ce_id", "stale-1".getBytes(StandardCharsets.UTF_8));
            producer.send(stale).get();
        }
        // a newer generation of the same session: on the same partition after both, so once it is applied, so is
        // whatever of them would be
        inTx(() -> app.getBean(Outbox.class).add(stop("s-dup", 6, "carol")));

        await().atMost(Duration.ofSeconds(30)).until(() -> KitTestApplication.APPLIED.stream()
                .anyMatch(e -> e.generation() == 6));
        assertThat(KitTestApplication.APPLIED).extracting(SessionStopRequested::generation)
                .as("applied once each, the redelivery and the older generation dropped")
                .containsExactly(5L, 6L);
        assertThat(jdbc().sql("SELECT outcome FROM processed_event WHERE event_id = 'stale-1'")
                .query(String.class).single()).isEqualTo("STALE");
        // the redelivered event reached the handler once: its widget was applied once, not applied and counted again
        assertThat(jdbc().sql("SELECT id || ':' || applied FROM widget WHERE id LIKE 's-dup/%' ORDER BY id")
                .query(String.class).list()).as("widgets and how often each was applied")
                .containsExactly("s-dup/5:1", "s-dup/6:1");
    }

    @Test
    void anEventThatDoesNotConcernTheServiceIsIgnoredWithoutAnInboxRow() {
        // one aggregate, so both go to one partition in this order: once the second is applied, the first was read
        inTx(() -> app.getBean(Outbox.class).add(stop("s-concern", 1, "bystander")));
        inTx(() -> app.getBean(Outbox.class).add(stop("s-concern", 2, "frank")));

        await().atMost(Duration.ofSeconds(30)).until(() -> KitTestApplication.APPLIED.size() == 1);
        assertThat(KitTestApplication.APPLIED).extracting(SessionStopRequested::generation).containsExactly(2L);
        assertThat(jdbc().sql("SELECT count(*) FROM processed_event WHERE subject = 's-concern'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc().sql("SELECT id FROM widget WHERE id LIKE 's-concern/%'").query(String.class).list())
                .containsExactly("s-concern/2");
    }

    @Test
    void eventsRelayedInBatchesArriveInTheirAggregatesOrderAndAreAllMarkedSent() {
        // more than two of the relay's batches (200 rows), five aggregates interleaved, each a rising generation:
        // the relay sends a whole batch before it waits, and an event overtaking an earlier one of its aggregate would
        // be dropped as stale by the inbox
        int perSession = 90;
        inTx(() -> {
            for (int generation = 1; generation <= perSession; generation++) {
                for (int s = 0; s < 5; s++) {
                    app.getBean(Outbox.class).add(stop("s-batch-" + s, generation, "erin"));
                }
            }
        });

        await("every event of the five sessions applied, in order").atMost(Duration.ofSeconds(60))
                .until(() -> KitTestApplication.APPLIED.size() == 5 * perSession);
        for (int s = 0; s < 5; s++) {
            String id = "s-batch-" + s;
            assertThat(KitTestApplication.APPLIED.stream().filter(e -> e.sessionId().equals(id))
                    .map(SessionStopRequested::generation).toList())
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, perSession).boxed().toList());
        }
        assertThat(jdbc().sql("SELECT count(*) FROM processed_event WHERE outcome = 'STALE' AND subject LIKE "
                + "'s-batch-%'").query(Long.class).single()).isZero();
        assertThat(jdbc().sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL").query(Long.class).single())
                .isZero();
    }

    @Test
    void failingHandlerRollsBackItsStateChange() {
        inTx(() -> app.getBean(Outbox.class).add(stop("s-explode", 1, "explode")));

        // once its attempts are spent (max-attempts 6: one delivery and five retries, each applying it alone) the
        // event goes to the dead-letter topic, and nothing of it is left
        await().atMost(Duration.ofSeconds(60)).until(() -> readAll(DEAD_LETTERS).stream()
                .anyMatch(r -> "s-explode".equals(new String(r.key(), StandardCharsets.UTF_8))));
        assertThat(KitTestApplication.EXPLODED.get("s-explode")).as("attempts before dead-lettering").hasValue(6);
        assertThat(jdbc().sql("SELECT count(*) FROM widget WHERE id LIKE 's-explode/%'").query(Long.class).single())
                .isZero();
        assertThat(jdbc().sql("SELECT count(*) FROM processed_event WHERE subject = 's-explode'")
                .query(Long.class).single()).isZero();
        assertThat(KitTestApplication.APPLIED).isEmpty();

        // its partition moves on: another session's event, and the next event of the same session, are applied
        inTx(() -> app.getBean(Outbox.class).add(stop("s-next", 1, "dave")));
        await().atMost(Duration.ofSeconds(30)).until(() -> KitTestApplication.APPLIED.size() == 1);
        assertThat(KitTestApplication.APPLIED).extracting(SessionStopRequested::sessionId).containsExactly("s-next");
        inTx(() -> app.getBean(Outbox.class).add(stop("s-explode", 2, "dave")));
        await().atMost(Duration.ofSeconds(30)).until(() -> KitTestApplication.APPLIED.stream()
                .anyMatch(e -> e.sessionId().equals("s-explode")));
    }

    @Test
    void anEventWhoseDeadLetterTopicCannotBeWrittenIsTriedAgainNotDroppedAndItsPartitionWaitsForIt() throws Exception {
        // the dead-letter topic refuses every record (each is larger than its max.message.bytes) until the test lets
        // it take them: the event that fails is not skipped, and the one behind it on its partition waits
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            try {
                admin.createTopics(List.of(new NewTopic(DEAD_LETTERS, Optional.empty(), Optional.empty()))).all().get();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
            }
            ConfigResource deadLetters = new ConfigResource(ConfigResource.Type.TOPIC, DEAD_LETTERS);
            long rejected = bytesRejected(DEAD_LETTERS);
            admin.incrementalAlterConfigs(Map.of(deadLetters, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "1"), AlterConfigOp.OpType.SET)))).all().get();
            try {
                inTx(() -> app.getBean(Outbox.class).add(stop("s-unlettered", 1, "explode")));
                inTx(() -> app.getBean(Outbox.class).add(stop("s-unlettered", 2, "erin")));

                // its retries spent, the container's recovery was refused by the broker...
                await().atMost(Duration.ofSeconds(60)).until(() -> bytesRejected(DEAD_LETTERS) > rejected);
                // ...and the partition did not move past it
                assertThat(KitTestApplication.APPLIED).as("events applied while the failed one waits for its "
                        + "dead-letter topic").noneMatch(e -> e.sessionId().equals("s-unlettered"));
                assertThat(readAll(DEAD_LETTERS)).noneMatch(r -> "s-unlettered".equals(
                        new String(r.key(), StandardCharsets.UTF_8)));
            } finally {
                admin.incrementalAlterConfigs(Map.of(deadLetters, List.of(new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", null), AlterConfigOp.OpType.DELETE)))).all().get();
            }
        }
        // once the topic takes it, the event is dead-lettered and the one behind it applied
        await("the event in its dead-letter topic once the topic takes records").atMost(Duration.ofSeconds(60))
                .until(() -> readAll(DEAD_LETTERS).stream()
                        .anyMatch(r -> "s-unlettered".equals(new String(r.key(), StandardCharsets.UTF_8))));
        await().atMost(Duration.ofSeconds(30)).until(() -> KitTestApplication.APPLIED.stream()
                .anyMatch(e -> e.sessionId().equals("s-unlettered") && e.generation() == 2));
        assertThat(KitTestApplication.APPLIED).noneMatch(e -> e.sessionId().equals("s-unlettered")
                && e.generation() == 1);
    }

    /** What the in-process broker refused to append to {@code topic} as too large, in bytes (0 before any). */
    private static long bytesRejected(String topic) throws Exception {
        javax.management.ObjectName name = new javax.management.ObjectName(
                "kafka.server:type=BrokerTopicMetrics,name=BytesRejectedPerSec,topic=" + topic);
        javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        return jmx.isRegistered(name) ? ((Number) jmx.getAttribute(name, "Count")).longValue() : 0;
    }

    @Test
    void aPollsEventsAreAppliedInOneTransaction() {
        app.getBean(EventDispatcher.class).dispatch(poll(stop("s-poll-a", 1, "heidi"), stop("s-poll-b", 1, "heidi"),
                stop("s-poll-c", 1, "heidi")));

        assertThat(KitTestApplication.APPLIED).extracting(SessionStopRequested::sessionId)
                .containsExactly("s-poll-a", "s-poll-b", "s-poll-c");
        // one transaction wrote every inbox row and every handler's row
        assertThat(jdbc().sql("SELECT count(DISTINCT xmin::text) FROM (SELECT xmin FROM processed_event WHERE subject "
                + "LIKE 's-poll-%' UNION ALL SELECT xmin FROM widget WHERE id LIKE 's-poll-%') w")
                .query(Long.class).single()).as("transactions that wrote the poll's rows").isEqualTo(1);
        assertThat(jdbc().sql("SELECT count(*) FROM processed_event WHERE subject LIKE 's-poll-%'")
                .query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void anEventFailingAmongItsPollsLeavesTheOnesBeforeItAppliedAndIsNamedByItsPlaceInThePoll() {
        // the first does not concern the service (no inbox row), and is still counted in the failing event's place
        Message<List<byte[]>> poll = poll(stop("s-split-0", 1, "bystander"), stop("s-split-1", 1, "ivan"),
                stop("s-split-2", 1, "ivan"), stop("s-split-3", 1, "explode"), stop("s-split-4", 1, "ivan"));

        assertThatThrownBy(() -> app.getBean(EventDispatcher.class).dispatch(poll))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(3))
                .hasRootCauseMessage("handler failure on purpose");

        // the two before it are applied, once each, together; the failing one left nothing; the one after it is the
        // container's to deliver again, with the failing one
        assertThat(KitTestApplication.APPLIED).extracting(SessionStopRequested::sessionId)
                .containsExactly("s-split-1", "s-split-2");
        assertThat(jdbc().sql("SELECT subject FROM processed_event WHERE subject LIKE 's-split-%' ORDER BY subject")
                .query(String.class).list()).containsExactly("s-split-1", "s-split-2");
        assertThat(jdbc().sql("SELECT id FROM widget WHERE id LIKE 's-split-%' ORDER BY id").query(String.class)
                .list()).containsExactly("s-split-1/1", "s-split-2/1");
        assertThat(jdbc().sql("SELECT count(DISTINCT xmin::text) FROM processed_event WHERE subject LIKE 's-split-%'")
                .query(Long.class).single()).isEqualTo(1);

        // delivered again from the failing one on, as the container does after committing the offsets before it
        Message<List<byte[]>> again = poll(List.of(3, 4), poll);
        assertThatThrownBy(() -> app.getBean(EventDispatcher.class).dispatch(again))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isZero());
        Message<List<byte[]>> rest = poll(List.of(4), poll);
        app.getBean(EventDispatcher.class).dispatch(rest);
        assertThat(KitTestApplication.APPLIED).extracting(SessionStopRequested::sessionId)
                .containsExactly("s-split-1", "s-split-2", "s-split-4");
    }

    @Test
    void anEventThatMustWaitAmongItsPollsWaitsAloneAndTheRestIsAppliedAfterIt() throws Exception {
        // the teardown comes before its session's stop, which another thread commits a moment later
        int tooEarly = KitTestApplication.TOO_EARLY.get();
        Message<List<byte[]>> poll = poll(stop("s-later-1", 1, "judy"), new ClusterTornDown("c-later", 1, "s-later",
                "TEST", Instant.parse("2026-11-24T10:00:00Z")), stop("s-later-2", 1, "judy"));
        Thread stopper = new Thread(() -> {
            await().atMost(Duration.ofSeconds(30)).until(() -> KitTestApplication.TOO_EARLY.get() > tooEarly);
            jdbc().sql("INSERT INTO widget (id, note) VALUES ('s-later/1', 'judy')").update();
        });
        stopper.start();

        app.getBean(EventDispatcher.class).dispatch(poll);
        stopper.join();

        assertThat(KitTestApplication.TORN_DOWN).extracting(ClusterTornDown::clusterId).containsExactly("c-later");
        assertThat(KitTestApplication.APPLIED).extracting(SessionStopRequested::sessionId)
                .containsExactly("s-later-1", "s-later-2");
        assertThat(jdbc().sql("SELECT count(*) FROM processed_event WHERE subject IN ('s-later-1', 'c-later', "
                + "'s-later-2')").query(Long.class).single()).isEqualTo(3);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anEventWaitingForOneOnAnotherTopicIsAppliedThroughARebalanceOfTheGroup(CapturedOutput output)
            throws Exception {
        // the service's consumer of the clusters topic waits in place for the session's stop (another topic)
        int tooEarly = KitTestApplication.TOO_EARLY.get();
        inTx(() -> app.getBean(Outbox.class).add(new ClusterTornDown("c-wait", 1, "s-wait", "TEST",
                Instant.parse("2026-11-24T10:00:00Z"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> KitTestApplication.TOO_EARLY.get() > tooEarly);

        // meanwhile the group rebalances (here a member joins; a broker restart or a replica does the same). With the
        // eager protocol each member gave up its
        // partitions until the waiting one rejoined: the stop could not arrive, the wait could not end, and the
        // whole service stood still for minutes
        int mark = output.getOut().length();
        try (GroupMember joining = new GroupMember(kafka.clientProperties(), "kit-test",
                app.getEnvironment().getProperty(ASSIGNMENT_STRATEGY))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> groupState("kit-test") == GroupState.PREPARING_REBALANCE);
            // a member learns of the rebalance at its next heartbeat and rejoins at its next poll: the awaited event
            // is sent once the service's other consumer has rejoined, so it arrives during the rebalance
            await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().substring(mark).lines()
                    .anyMatch(line -> line.contains("groupId=kit-test]") && line.contains("(Re-)joining group")
                            && !line.contains(GroupMember.CLIENT_ID)));
            inTx(() -> app.getBean(Outbox.class).add(stop("s-wait", 1, "frank")));

            await("the waiting event applied during the rebalance").atMost(Duration.ofSeconds(60))
                    .until(() -> KitTestApplication.TORN_DOWN.stream().anyMatch(e -> e.clusterId().equals("c-wait")));
            assertThat(KitTestApplication.APPLIED).extracting(SessionStopRequested::sessionId).contains("s-wait");
            await().atMost(Duration.ofSeconds(60)).until(() -> groupState("kit-test") == GroupState.STABLE
                    && !joining.assigned().isEmpty());
        }
    }

    @Test
    void anEventThatNeverBecomesApplicableIsDeadLetteredAfterTheWaitAndItsPartitionMovesOn() {
        // its session never stops: the consumer waits in place for kindling.inbox.wait-in-place, then gives it up to
        // the dead-letter topic at once (each of the binder's retries would wait as long again, past Kafka's
        // max.poll.interval.ms)
        int tooEarly = KitTestApplication.TOO_EARLY.get();
        long started = System.nanoTime();
        inTx(() -> app.getBean(Outbox.class).add(new ClusterTornDown("c-never", 1, "s-never", "TEST",
                Instant.parse("2026-11-24T10:00:00Z"))));
        await().atMost(WAIT_IN_PLACE.multipliedBy(3)).until(() -> readAll(CLUSTER_DEAD_LETTERS).stream()
                .anyMatch(r -> "c-never".equals(new String(r.key(), StandardCharsets.UTF_8))));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(WAIT_IN_PLACE);
        assertThat(KitTestApplication.TOO_EARLY.get() - tooEarly).isGreaterThan(1);
        assertThat(KitTestApplication.TORN_DOWN).isEmpty();

        // the next event of the same cluster, whose session did stop, is applied
        inTx(() -> app.getBean(Outbox.class).add(stop("s-known", 1, "grace")));
        inTx(() -> app.getBean(Outbox.class).add(new ClusterTornDown("c-never", 2, "s-known", "TEST",
                Instant.parse("2026-11-24T10:01:00Z"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> KitTestApplication.TORN_DOWN.stream()
                .anyMatch(e -> e.clusterId().equals("c-never") && e.generation() == 2));
    }

    /** A consumer of the service's group on a topic of its own, polling on its own thread until closed. */
    private static final class GroupMember implements AutoCloseable {

        static final String CLIENT_ID = "kit-test-joining-member";

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread poller;
        private final java.util.Set<String> assigned = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private volatile boolean open = true;

        GroupMember(Map<String, Object> bus, String group, String assignmentStrategy) {
            Properties props = new Properties();
            props.putAll(bus);
            props.put("group.id", group);
            props.put("client.id", CLIENT_ID);
            props.put("key.deserializer", ByteArrayDeserializer.class.getName());
            props.put("value.deserializer", ByteArrayDeserializer.class.getName());
            if (assignmentStrategy != null) {
                props.put("partition.assignment.strategy", assignmentStrategy);
            }
            consumer = new KafkaConsumer<>(props);
            consumer.subscribe(List.of("kindling.kit-joining"));
            poller = new Thread(() -> {
                while (open) {
                    consumer.poll(Duration.ofMillis(200));
                    consumer.assignment().forEach(p -> assigned.add(p.toString()));
                }
                consumer.close(Duration.ofSeconds(5));
            }, "group-member");
            poller.start();
        }

        java.util.Set<String> assigned() {
            return assigned;
        }

        @Override
        public void close() throws InterruptedException {
            open = false;
            poller.join(15_000);
        }
    }

    private static GroupState groupState(String group) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().groupState();
        }
    }

    /** A poll as the binder hands it to a batch consumer: the payloads, and each record's headers. */
    private static Message<List<byte[]>> poll(DomainEvent... events) {
        EventCodec codec = app.getBean(EventCodec.class);
        List<byte[]> payloads = new java.util.ArrayList<>();
        List<Map<String, Object>> headers = new java.util.ArrayList<>();
        for (DomainEvent event : events) {
            CloudEvent ce = CloudEventBuilder.v1().withId(java.util.UUID.randomUUID().toString())
                    .withType(EventCatalog.of(event.getClass()).type()).withSource(URI.create("/kindling/kit-test"))
                    .withSubject(event.aggregateId()).withDataContentType(CloudEventHeaders.JSON).build();
            payloads.add(codec.encode(event));
            headers.add(CloudEventHeaders.toHeaders(ce));
        }
        return MessageBuilder.withPayload(payloads).setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS, headers).build();
    }

    /** The records of {@code poll} at {@code places}, as a poll of their own. */
    @SuppressWarnings("unchecked")
    private static Message<List<byte[]>> poll(List<Integer> places, Message<List<byte[]>> poll) {
        List<Map<String, Object>> headers = (List<Map<String, Object>>) poll.getHeaders()
                .get(KafkaHeaders.BATCH_CONVERTED_HEADERS);
        return MessageBuilder.withPayload(places.stream().map(poll.getPayload()::get).toList())
                .setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS, places.stream().map(headers::get).toList()).build();
    }

    private static SessionStopRequested stop(String id, long generation, String by) {
        return new SessionStopRequested(id, generation, by, Instant.parse("2026-11-24T10:00:00Z"));
    }

    private static void inTx(Runnable work) {
        app.getBean(TransactionTemplate.class).executeWithoutResult(s -> work.run());
    }

    private static JdbcClient jdbc() {
        return app.getBean(JdbcClient.class);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll() {
        return readAll(Topics.SESSIONS);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties props = new Properties();
        props.putAll(kafka.clientProperties());
        props.put("group.id", "reader-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> all = new java.util.ArrayList<>();
            long until = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(500)).forEach(all::add);
            }
            return all;
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.putAll(kafka.clientProperties());
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
