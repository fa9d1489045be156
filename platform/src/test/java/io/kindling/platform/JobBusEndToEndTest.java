package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.events.JobCancelRequested;
import io.kindling.events.JobFailed;
import io.kindling.events.JobStarted;
import io.kindling.events.JobSubmitted;
import io.kindling.events.JobSucceeded;
import io.kindling.events.Topics;
import io.kindling.provisioning.ProvisioningProperties;
import io.kindling.session.job.Job;
import io.kindling.session.job.JobHistoryEntry;
import io.kindling.session.job.JobRepository;
import io.kindling.session.job.JobRunner;
import io.kindling.session.job.JobState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs published on the bus by another system, as a plain Kafka producer would (CloudEvents binary mode, no
 * Kindling code): they run exactly once on a real cluster in cluster deploy mode, and their outcome comes back
 * on the jobs topic.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class JobBusEndToEndTest {

    static final Path EXAMPLES = Path.of("../examples/target/kindling-examples.jar").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> consumer;
    private static final List<ConsumerRecord<String, byte[]>> outcomes = new CopyOnWriteArrayList<>();
    private static Thread reader;
    private static volatile boolean reading = true;

    @BeforeAll
    static void connect() {
        Map<String, Object> bus = SharedPlatform.platform().kafkaClientProperties();
        Properties p = new Properties();
        p.putAll(bus);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.putAll(bus);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "job-bus-test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.JOBS));
        reader = new Thread(() -> {
            while (reading) {
                consumer.poll(Duration.ofMillis(200)).forEach(outcomes::add);
            }
            consumer.close();
        }, "job-outcomes");
        reader.start();
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        reading = false;
        if (reader != null) {
            reader.join(10_000);
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void aJobPublishedTwiceRunsOnceAndItsSuccessIsPublished() {
        String jobId = newJobId();
        JobSubmitted submitted = new JobSubmitted(jobId, 1, "bus-alice", spec("io.kindling.examples.SparkPi", "20"),
                EXAMPLES.toUri().toString(), Instant.now());

        publish(submitted, UUID.randomUUID().toString());
        publish(submitted, UUID.randomUUID().toString());

        await().atMost(Duration.ofMinutes(3)).until(() -> typesOf(jobId).contains(JobSucceeded.TYPE));
        assertThat(typesOf(jobId)).filteredOn(JobStarted.TYPE::equals).hasSize(1);
        Job job = SharedPlatform.bean(JobRepository.class).find(jobId).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.driverId()).startsWith("driver-");
        assertThat(SharedPlatform.bean(JobRunner.class).log(job, "stdout")).contains("Pi is roughly 3.1");
        JobSucceeded succeeded = payload(jobId, JobSucceeded.TYPE, JobSucceeded.class);
        assertThat(succeeded.sparkAppId()).isEqualTo(job.driverId());
        assertThat(succeeded.clusterId()).isEqualTo(job.clusterId());
        // one driver: the handler of ClusterProvisioned and the poller both see the job ready, one claims it
        assertThat(SharedPlatform.bean(JobRepository.class).history(jobId)).extracting(JobHistoryEntry::reason)
                .filteredOn(reason -> reason.startsWith("submitting the driver")).hasSize(1);
    }

    @Test
    void aMainThatThrowsFailsTheJobWithTheExceptionAsItsExitReason() {
        String jobId = newJobId();
        publish(new JobSubmitted(jobId, 1, "bus-alice", spec("io.kindling.examples.FailingJob"),
                EXAMPLES.toUri().toString(), Instant.now()), UUID.randomUUID().toString());

        await().atMost(Duration.ofMinutes(3)).until(() -> typesOf(jobId).contains(JobFailed.TYPE));
        JobFailed failed = payload(jobId, JobFailed.TYPE, JobFailed.class);
        assertThat(failed.reason()).isEqualTo("DRIVER_FAILED");
        assertThat(failed.exitReason()).contains("planned failure");
        assertThat(SharedPlatform.bean(JobRepository.class).find(jobId).orElseThrow().state())
                .isEqualTo(JobState.FAILED);
    }

    @Test
    void aSpecThatIsRefusedFailsWithoutACluster() {
        String jobId = newJobId();
        publish(new JobSubmitted(jobId, 1, "bus-alice", spec("io.kindling.examples.SparkPi").replace("512m", "512"),
                EXAMPLES.toUri().toString(), Instant.now()), UUID.randomUUID().toString());

        await().atMost(Duration.ofMinutes(1)).until(() -> typesOf(jobId).contains(JobFailed.TYPE));
        JobFailed failed = payload(jobId, JobFailed.TYPE, JobFailed.class);
        assertThat(failed.reason()).isEqualTo("INVALID_SPEC");
        assertThat(failed.exitReason()).contains("INVALID_MEMORY").contains("conf.spark.driver.memory");
        assertThat(failed.clusterId()).isNull();
    }

    @Test
    void aJobIdThatCouldNameAPathIsRefused() {
        String jobId = "../" + newJobId();
        publish(new JobSubmitted(jobId, 1, "bus-alice", spec("io.kindling.examples.SparkPi"),
                EXAMPLES.toUri().toString(), Instant.now()), UUID.randomUUID().toString());

        await().atMost(Duration.ofMinutes(1)).until(() -> typesOf(jobId).contains(JobFailed.TYPE));
        assertThat(payload(jobId, JobFailed.TYPE, JobFailed.class).reason()).isEqualTo("INVALID_SPEC");
        assertThat(typesOf(jobId)).doesNotContain(io.kindling.events.JobAccepted.TYPE);
    }

    @Test
    void aJobForAPoolNobodyAttachedFailsOnceTheWaitForItIsOver() {
        String jobId = newJobId();
        String spec = spec("io.kindling.examples.SparkPi").replaceAll("(?s)resources:.*", "compute: ghost-pool\n");
        publish(new JobSubmitted(jobId, 1, "bus-alice", spec, EXAMPLES.toUri().toString(), Instant.now()),
                UUID.randomUUID().toString());

        await().atMost(Duration.ofMinutes(1)).until(() -> typesOf(jobId).contains(JobFailed.TYPE));
        JobFailed failed = payload(jobId, JobFailed.TYPE, JobFailed.class);
        assertThat(failed.reason()).isEqualTo("CLUSTER_FAILED");
        assertThat(failed.exitReason()).contains("no attached pool 'ghost-pool'").contains("waited 15 s");
    }

    @Test
    void aRunningJobIsKilledWithItsDriverAndExecutors() throws IOException {
        String jobId = newJobId();
        publish(new JobSubmitted(jobId, 1, "bus-bob", spec("io.kindling.examples.SleepingJob", "300"),
                EXAMPLES.toUri().toString(), Instant.now()), UUID.randomUUID().toString());
        JobRepository jobs = SharedPlatform.bean(JobRepository.class);
        await().atMost(Duration.ofMinutes(3)).until(() -> jobs.find(jobId).map(Job::state).orElse(null)
                == JobState.RUNNING);
        Path clusterDir = SharedPlatform.bean(ProvisioningProperties.class).workDir()
                .resolve(jobs.find(jobId).orElseThrow().clusterId());
        await().atMost(Duration.ofMinutes(1)).until(() -> !applicationProcesses(clusterDir).isEmpty());

        publish(new JobCancelRequested(jobId, 1, "bus-bob", Instant.now()), UUID.randomUUID().toString());

        await().atMost(Duration.ofMinutes(1)).until(() -> typesOf(jobId).contains(JobFailed.TYPE));
        assertThat(jobs.find(jobId).orElseThrow().state()).isEqualTo(JobState.KILLED);
        assertThat(payload(jobId, JobFailed.TYPE, JobFailed.class).reason()).isEqualTo("KILLED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(applicationProcesses(clusterDir)).as("driver and executor processes").isEmpty());
    }

    /** Processes working in a driver's or an application's directory under the cluster's worker dirs. */
    private static List<ProcessHandle> applicationProcesses(Path clusterDir) {
        List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).forEach(p -> {
            try {
                Path cwd = Files.readSymbolicLink(Path.of("/proc", String.valueOf(p.pid()), "cwd"));
                if (cwd.startsWith(clusterDir) && Stream.of("driver-", "app-")
                        .anyMatch(prefix -> cwd.toString().contains("/" + prefix))) {
                    found.add(p);
                }
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // gone, or not ours
            }
        });
        return found;
    }

    static String newJobId() {
        byte[] random = new byte[8];
        new java.security.SecureRandom().nextBytes(random);
        return "j-" + HexFormat.of().formatHex(random);
    }

    /** A serverless spec sized for this small machine: one executor, everything 512 MiB. */
    static String spec(String mainClass, String... args) {
        return sized("""
                entry:
                  class_name: %s
                %s
                """.formatted(mainClass, args.length == 0 ? "" : "args: " + String.join(" ", args)));
    }

    /** {@code body} (entry, jars, inputs, outputs, args...) in a serverless spec with code in ./target, sized as {@link #spec}. */
    static String sized(String body) {
        return """
                $schema: http://azureml/sdk-2-0/SparkJob.json
                type: spark
                code: ./target
                %s\
                conf:
                  spark.driver.cores: 1
                  spark.driver.memory: 512m
                  spark.executor.cores: 1
                  spark.executor.memory: 512m
                  spark.executor.instances: 1
                resources:
                  instance_type: standard_e4s_v3
                  runtime_version: "4.2"
                """.formatted(body.endsWith("\n") ? body : body + "\n");
    }

    private static void publish(Object event, String ceId) {
        String type = io.kindling.events.EventCatalog.of((Class<? extends io.kindling.events.DomainEvent>)
                event.getClass()).type();
        String key = ((io.kindling.events.DomainEvent) event).aggregateId();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.JOBS, key,
                JSON.writeValueAsBytes(event));
        Map.of("ce_specversion", "1.0", "ce_id", ceId, "ce_type", type, "ce_source", "/tests/job-bus",
                        "content-type", "application/json")
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("publishing " + type + " failed", e);
        }
    }

    private static List<String> typesOf(String jobId) {
        return outcomes.stream().filter(r -> jobId.equals(r.key())).map(JobBusEndToEndTest::type).toList();
    }

    private static <T> T payload(String jobId, String type, Class<T> payload) {
        return outcomes.stream().filter(r -> jobId.equals(r.key()) && type.equals(type(r))).findFirst()
                .map(r -> JSON.readValue(r.value(), payload)).orElseThrow();
    }

    private static String type(ConsumerRecord<String, byte[]> r) {
        Header header = r.headers().lastHeader("ce_type");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
