package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.events.JobCancelRequested;
import io.kindling.events.JobSubmitted;
import io.kindling.events.Topics;
import io.kindling.gateway.GatewayApplication;
import io.kindling.kit.job.JobsProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jobs API on the running system: Azure ML spark job specs refused with the field named, or accepted (YAML,
 * JSON, with their code uploaded, or naming an artifact) and published once per Idempotency-Key. It does not wait
 * for jobs to run; every job it submits is cancelled when its test ends.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class JobApiTest {

    static final Path EXAMPLES = Path.of("../examples/target/kindling-examples.jar").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> STATES = List.of("queued", "preparing", "running", "succeeded", "failed",
            "killed");
    /** SparkPi from the examples jar, sized for a small machine. */
    static final String SPARK_PI = JobBusEndToEndTest.sized("""
            display_name: SparkPi
            experiment_name: api-test
            tags: {team: platform}
            entry:
              class_name: io.kindling.examples.SparkPi
            jars:
              - kindling-examples.jar
            args: "10"
            """);

    private static GatewayClient gateway;
    private final List<GatewayClient> cancelAfter = new ArrayList<>();
    private final List<String> cancelIds = new ArrayList<>();

    @BeforeAll
    static void connect() {
        gateway = new GatewayClient(SharedPlatform.platform());
        assertThat(EXAMPLES).as("the examples jar; build it with mvn -pl examples install").exists();
    }

    /** Nothing here waits for a job to run; with session-service running jobs, none should keep a cluster busy. */
    @AfterEach
    void cancelSubmittedJobs() {
        for (int i = 0; i < cancelIds.size(); i++) {
            int status = cancelAfter.get(i).delete("/api/v1/jobs/" + cancelIds.get(i)).status();
            assertThat(status).isIn(202, 409);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown instance type | 'instance_type: standard_e4s_v3' | 'instance_type: standard_q1'    | UNKNOWN_INSTANCE_TYPE | resources.instance_type",
            "memory without a unit | 'spark.executor.memory: 512m'    | 'spark.executor.memory: 512'   | INVALID_MEMORY        | conf.spark.executor.memory",
            "an attached pool      | '(?s)resources:.*'               | 'compute: nightly-pool'        | COMPUTE_NOT_FOUND     | compute",
            "relative code, none uploaded | 'code: ./target'          | 'code: ./target'               | FILE_NOT_FOUND        | code",
            "unknown key           | 'display_name:'                  | 'displayname:'                 | UNKNOWN_FIELD         | displayname",
    })
    void aBadSpecIsRefusedNamingTheFieldAndNothingIsKept(String what, String from, String to, String code,
                                                        String field) throws IOException {
        String spec = SPARK_PI.replaceAll(from, to);
        long rows = rows();
        List<Path> artifacts = artifactFolders();

        GatewayClient.Response response = gateway.post("/api/v1/jobs", spec, "application/yaml", null);

        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("code").asString()).isEqualTo(code);
        assertThat(response.body().get("field").asString()).isEqualTo(field);
        assertThat(response.body().get("detail").asString()).isNotBlank().doesNotContain("Exception");
        if (code.equals("COMPUTE_NOT_FOUND")) {
            assertThat(response.body().get("detail").asString()).contains("nightly-pool", "none yet");
        }
        assertThat(rows()).isEqualTo(rows);
        assertThat(artifactFolders()).isEqualTo(artifacts);
    }

    @Test
    void aJobWithItsJarIsAcceptedAndARetryWithTheSameKeyAnswersTheSameJob() throws IOException {
        GatewayClient alice = gateway.as("jobs-alice");
        byte[] jar = Files.readAllBytes(EXAMPLES);
        long artifactsBefore = count("SELECT count(*) FROM artifact");

        GatewayClient.Response first = multipart("jobs-alice", "/api/v1/jobs", "pi-1",
                Part.text("spec", SPARK_PI), Part.file("code", "kindling-examples.jar", jar));
        GatewayClient.Response again = multipart("jobs-alice", "/api/v1/jobs", "pi-1",
                Part.text("spec", SPARK_PI), Part.file("code", "kindling-examples.jar", jar));
        GatewayClient.Response changed = multipart("jobs-alice", "/api/v1/jobs", "pi-1",
                Part.text("spec", SPARK_PI.replace("\"10\"", "\"20\"")), Part.file("code", "kindling-examples.jar", jar));

        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(202);
        String id = first.body().get("id").asString();
        cancelLater(alice, id);
        assertThat(id).matches("j-[0-9a-f]{16}");
        assertThat(first.location()).isEqualTo("/api/v1/jobs/" + id);
        assertThat(first.body().get("state").asString()).isEqualTo("queued");
        assertThat(first.body().get("owner").asString()).isEqualTo("jobs-alice");
        assertThat(first.body().get("displayName").asString()).isEqualTo("SparkPi");
        assertThat(first.body().get("tags").get("team").asString()).isEqualTo("platform");
        assertThat(first.body().get("runtimeVersion").asString()).isEqualTo("4.2");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().get("id").asString()).isEqualTo(id);
        assertThat(again.location()).isEqualTo(first.location());
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.body().get("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(count("SELECT count(*) FROM artifact")).isEqualTo(artifactsBefore + 1);

        JobSubmitted published = submitted(id);
        assertThat(published.owner()).isEqualTo("jobs-alice");
        assertThat(published.spec()).isEqualTo(SPARK_PI);
        assertThat(published.generation()).isEqualTo(1);
        Path code = Path.of(URI.create(published.code()));
        assertThat(code.getParent().getParent()).isEqualTo(artifactsDir());
        assertThat(code.resolve("kindling-examples.jar")).hasSameBinaryContentAs(EXAMPLES);

        JsonNode job = alice.get("/api/v1/jobs/" + id).body();
        assertThat(job.get("id").asString()).isEqualTo(id);
        assertThat(job.get("state").asString()).isIn(STATES);
        assertThat(job.get("timeline").get("jobId").asString()).isEqualTo(id);
        assertThat(job.get("timeline").get("events").get(0).get("source").asString()).isEqualTo("job");
        assertThat(alice.get("/api/v1/jobs").body().get("jobs")).anySatisfy(j ->
                assertThat(j.get("id").asString()).isEqualTo(id));
        // the driver's own streams, once it has run: what SparkPi printed, and the worker's launch of its driver
        JsonNode ended = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> alice.get("/api/v1/jobs/" + id).body(), j -> j != null
                        && List.of("succeeded", "failed", "killed").contains(j.path("state").asString()));
        assertThat(ended.get("state").asString()).as("%s", ended).isEqualTo("succeeded");
        assertThat(alice.text("/api/v1/jobs/" + id + "/log")).contains("Pi is roughly 3.1")
                .doesNotContain("Launch Command");
        assertThat(alice.text("/api/v1/jobs/" + id + "/log?stream=stderr")).startsWith("Launch Command: ")
                .contains("io.kindling.examples.SparkPi").doesNotContain("Pi is roughly");
        assertThat(alice.get("/api/v1/jobs/" + id + "/log?stream=both").status()).isEqualTo(400);
        GatewayClient bob = gateway.as("jobs-bob");
        assertThat(bob.get("/api/v1/jobs/" + id).status()).isEqualTo(404);
        assertThat(bob.delete("/api/v1/jobs/" + id).status()).isEqualTo(404);
        assertThat(bob.get("/api/v1/jobs/" + id + "/log").status()).isEqualTo(404);
        assertThat(bob.get("/api/v1/jobs").body().get("jobs")).noneSatisfy(j ->
                assertThat(j.get("id").asString()).isEqualTo(id));
    }

    /** The same job in its JSON form, its code a folder on the Kindling host. */
    @Test
    void theJsonFormIsAccepted() {
        String spec = """
                {
                  "type": "spark",
                  "display_name": "SparkPi",
                  "code": "%s",
                  "entry": {"class_name": "io.kindling.examples.SparkPi"},
                  "jars": ["kindling-examples.jar"],
                  "args": "10",
                  "conf": {
                    "spark.driver.cores": 1, "spark.driver.memory": "512m",
                    "spark.executor.cores": 1, "spark.executor.memory": "512m", "spark.executor.instances": 1
                  },
                  "resources": {"instance_type": "standard_e4s_v3", "runtime_version": "4.2"}
                }
                """.formatted(EXAMPLES.getParent());

        GatewayClient.Response response = gateway.as("jobs-json").post("/api/v1/jobs", spec, "application/json", null);

        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(202);
        cancelLater(gateway.as("jobs-json"), response.body().get("id").asString());
        JobSubmitted published = submitted(response.body().get("id").asString());
        assertThat(published.spec()).isEqualTo(spec);
        assertThat(published.code()).isNull();
    }

    @Test
    void anArtifactUploadedOnceIsNamedByLaterJobsOfItsOwner() throws IOException {
        GatewayClient.Response upload = multipart("jobs-carol", "/api/v1/artifacts", null,
                Part.file("file", "kindling-examples.jar", Files.readAllBytes(EXAMPLES)));

        assertThat(upload.status()).as(String.valueOf(upload.body())).isEqualTo(201);
        String artifact = upload.body().get("id").asString();
        assertThat(artifact).matches("a-[0-9a-f]{16}");
        assertThat(upload.body().get("uri").asString()).isEqualTo("kindling://artifacts/" + artifact);
        assertThat(upload.body().get("files").get(0).asString()).isEqualTo("kindling-examples.jar");
        assertThat(upload.location()).isEqualTo("/api/v1/artifacts/" + artifact);
        assertThat(gateway.as("jobs-carol").get(upload.location()).body().get("files").size()).isEqualTo(1);
        assertThat(gateway.as("jobs-dave").get(upload.location()).status()).isEqualTo(404);

        String spec = SPARK_PI.replace("code: ./target", "code: kindling://artifacts/" + artifact);
        GatewayClient.Response job = gateway.as("jobs-carol").post("/api/v1/jobs", spec, "application/x-yaml", null);
        GatewayClient.Response notHers = gateway.as("jobs-dave").post("/api/v1/jobs", spec, "text/yaml", null);

        assertThat(job.status()).as(String.valueOf(job.body())).isEqualTo(202);
        cancelLater(gateway.as("jobs-carol"), job.body().get("id").asString());
        assertThat(notHers.status()).isEqualTo(400);
        assertThat(notHers.body().get("code").asString()).isEqualTo("FILE_NOT_FOUND");
        assertThat(notHers.body().get("field").asString()).isEqualTo("code");
    }

    /** Past Spring's default multipart limits (1 MB a file, 10 MB a request); the gateway takes up to 512 MB. */
    @Test
    void aLargeUploadIsAccepted() throws IOException {
        byte[] big = new byte[12 * 1024 * 1024];
        new java.util.Random(7).nextBytes(big);

        GatewayClient.Response upload = multipart("jobs-grace", "/api/v1/artifacts", null,
                Part.file("file", "big-assembly.jar", big));

        assertThat(upload.status()).as(String.valueOf(upload.body())).isEqualTo(201);
        assertThat(upload.body().get("sizeBytes").asLong()).isEqualTo(big.length);
        assertThat(gatewayContext().getBean(jakarta.servlet.MultipartConfigElement.class).getMaxFileSize())
                .isGreaterThanOrEqualTo(200L * 1024 * 1024);
        org.springframework.util.FileSystemUtils.deleteRecursively(artifactsDir().resolve(upload.body().get("id")
                .asString()));
    }

    @Test
    void anUnsafeArchiveAndCodeThatLacksAJarLeaveNothingBehind() throws IOException {
        long rows = rows();
        List<Path> artifacts = artifactFolders();

        GatewayClient.Response slip = multipart("jobs-eve", "/api/v1/artifacts", null,
                Part.file("file", "src.zip", zip(Map.of("main.py", "print(1)", "../../escape.py", "evil"))));
        GatewayClient.Response missingJar = multipart("jobs-eve", "/api/v1/jobs", null,
                Part.text("spec", SPARK_PI.replace("- kindling-examples.jar", "- missing.jar")),
                Part.file("code", "kindling-examples.jar", Files.readAllBytes(EXAMPLES)));
        GatewayClient.Response noSpec = multipart("jobs-eve", "/api/v1/jobs", null,
                Part.file("code", "kindling-examples.jar", "jar".getBytes()));

        assertThat(slip.status()).isEqualTo(400);
        assertThat(slip.body().get("code").asString()).isEqualTo("ARCHIVE_ENTRY_UNSAFE");
        assertThat(slip.body().get("field").asString()).isEqualTo("file");
        assertThat(slip.body().get("entry").asString()).isEqualTo("../../escape.py");
        assertThat(missingJar.status()).isEqualTo(400);
        assertThat(missingJar.body().get("code").asString()).isEqualTo("FILE_NOT_FOUND");
        assertThat(missingJar.body().get("field").asString()).isEqualTo("jars[0]");
        assertThat(noSpec.status()).isEqualTo(400);
        assertThat(noSpec.body().get("code").asString()).isEqualTo("MISSING_FIELD");
        assertThat(noSpec.body().get("field").asString()).isEqualTo("spec");
        assertThat(rows()).isEqualTo(rows);
        assertThat(artifactFolders()).isEqualTo(artifacts);
        try (Stream<Path> escaped = Files.walk(artifactsDir().getParent())) {
            assertThat(escaped).noneMatch(p -> p.endsWith("escape.py"));
        }
    }

    @Test
    void unknownJobsAreNotFound() {
        for (GatewayClient.Response response : List.of(
                gateway.get("/api/v1/jobs/j-0000000000000000"),
                gateway.delete("/api/v1/jobs/j-0000000000000000"),
                gateway.get("/api/v1/jobs/j-0000000000000000/log"),
                gateway.get("/api/v1/jobs/not..a..job!"))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body().get("code").asString()).isEqualTo("JOB_NOT_FOUND");
        }
    }

    @Test
    void wrongMediaTypeIsRefused() {
        GatewayClient.Response response = gateway.post("/api/v1/jobs", "type: spark", "text/plain", null);
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.body().get("code").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    /**
     * What docs/events.md tells other systems: the gateway's events are CloudEvents in binary mode, plain UTF-8
     * {@code ce_*} headers and the JSON payload, keyed by the job id; a plain Kafka consumer reads them as such.
     */
    @Test
    void theJobEventsAreCloudEventsAPlainKafkaConsumerCanRead() {
        GatewayClient frank = gateway.as("jobs-frank");
        String id = frank.post("/api/v1/jobs", SPARK_PI.replace("code: ./target", "code: "
                + EXAMPLES.getParent()), "application/yaml", null).body().get("id").asString();
        assertThat(frank.delete("/api/v1/jobs/" + id).status()).isEqualTo(202);
        assertThat(frank.delete("/api/v1/jobs/" + id).status()).isIn(202, 409);

        List<ConsumerRecord<String, byte[]>> records = records(id, 2);

        ConsumerRecord<String, byte[]> submitted = records.get(0);
        assertThat(header(submitted, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(submitted, "ce_type")).isEqualTo(JobSubmitted.TYPE);
        assertThat(header(submitted, "ce_source")).isEqualTo("/kindling/gateway-service");
        assertThat(header(submitted, "ce_subject")).isEqualTo(id);
        assertThat(UUID.fromString(header(submitted, "ce_id"))).isNotNull();
        assertThat(OffsetDateTime.parse(header(submitted, "ce_time"))).isNotNull();
        assertThat(header(submitted, "content-type")).isEqualTo("application/json");
        assertThat(JSON.readValue(submitted.value(), JobSubmitted.class).spec()).contains("SparkPi");
        ConsumerRecord<String, byte[]> cancel = records.get(1);
        assertThat(header(cancel, "ce_type")).isEqualTo(JobCancelRequested.TYPE);
        JobCancelRequested requested = JSON.readValue(cancel.value(), JobCancelRequested.class);
        assertThat(requested.requestedBy()).isEqualTo("jobs-frank");
        assertThat(requested.generation()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregate_id = '" + id + "' AND event_type = '"
                + JobCancelRequested.TYPE + "'")).isEqualTo(1);
    }

    private void cancelLater(GatewayClient client, String id) {
        cancelAfter.add(client);
        cancelIds.add(id);
    }

    /** The gateway's JobSubmitted for a job, from its outbox. */
    private static JobSubmitted submitted(String id) {
        List<String> payloads = jdbc().sql("SELECT payload::text FROM outbox WHERE aggregate_id = :id "
                + "AND event_type = :type").param("id", id).param("type", JobSubmitted.TYPE).query(String.class).list();
        assertThat(payloads).as("JobSubmitted of " + id).hasSize(1);
        return JSON.readValue(payloads.get(0), JobSubmitted.class);
    }

    /** The first {@code n} records about {@code key} on the jobs topic, as a plain consumer sees them. */
    private static List<ConsumerRecord<String, byte[]>> records(String key, int n) {
        Properties props = new Properties();
        props.putAll(SharedPlatform.platform().kafkaClientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "job-api-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.JOBS));
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < n && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(250)).forEach(r -> {
                    if (key.equals(r.key()) && "/kindling/gateway-service".equals(header(r, "ce_source"))) {
                        found.add(r);
                    }
                });
            }
        }
        assertThat(found).as("gateway events about " + key + " on " + Topics.JOBS + " within 60 s").hasSize(n);
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** One part of a multipart body: a text field or a file. */
    record Part(String name, String fileName, byte[] content) {
        static Part text(String name, String value) {
            return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
        }

        static Part file(String name, String fileName, byte[] content) {
            return new Part(name, fileName, content);
        }
    }

    /** A {@code multipart/form-data} POST, as {@code curl -F} sends it. */
    static GatewayClient.Response multipart(String user, String path, String idempotencyKey, Part... parts) {
        return multipart(SharedPlatform.platform(), user, path, idempotencyKey, parts);
    }

    static GatewayClient.Response multipart(Platform platform, String user, String path, String idempotencyKey,
                                            Part... parts) {
        String boundary = "kindling-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            String disposition = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.fileName() == null ? "" : "; filename=\"" + part.fileName() + "\"\r\n"
                    + "Content-Type: application/octet-stream") + "\r\n\r\n";
            body.writeBytes(disposition.getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + platform.token(user))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            String type = r.headers().firstValue("Content-Type").orElse("");
            return new GatewayClient.Response(r.statusCode(), type, type.contains("json") ? JSON.readTree(r.body())
                    : null, r.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException("gateway call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        Map<String, byte[]> bytes = new java.util.TreeMap<>();
        entries.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return zipOf(bytes);
    }

    /** A zip archive of these entries, in name order. */
    static byte[] zipOf(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Rows the gateway writes when it accepts a job or an artifact. */
    static long rows() {
        return count("SELECT (SELECT count(*) FROM accepted_job) + (SELECT count(*) FROM artifact) "
                + "+ (SELECT count(*) FROM outbox)");
    }

    static long count(String sql) {
        return jdbc().sql(sql).query(Long.class).single();
    }

    /** Everything under the artifacts directory but the directory and its (empty) staging folder. */
    private static List<Path> artifactFolders() throws IOException {
        Path root = artifactsDir();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root) && !p.equals(root.resolve(".incoming"))).sorted().toList();
        }
    }

    private static Path artifactsDir() {
        return gatewayContext().getBean(JobsProperties.class).artifactsDir().toAbsolutePath().normalize();
    }

    private static JdbcClient jdbc() {
        return gatewayContext().getBean(JdbcClient.class);
    }

    private static ConfigurableApplicationContext gatewayContext() {
        return SharedPlatform.platform().services().stream()
                .filter(c -> c.getBeanProvider(GatewayApplication.class).stream().findAny().isPresent())
                .findFirst().orElseThrow();
    }
}
