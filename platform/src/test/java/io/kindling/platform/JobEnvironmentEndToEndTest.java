package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A batch job's {@code environment}: its conda spec (a file in the uploaded code, or written inline) is built by
 * conda-service, the job waits for it in {@code preparing}, and its executors get it as {@code ./environment}; the
 * cache flag reuses it; a spec that cannot be built fails the job before any driver runs.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class JobEnvironmentEndToEndTest {

    private static final String USER = "jobs-env";
    /** Each partition's number goes through the environment's Python on an executor, which imports tinypkg. */
    private static final String IMPORT_ON_EXECUTORS = "args: 2 ./environment/bin/python -c "
            + "'import sys, tinypkg; [print(tinypkg.hello(), line.strip()) for line in sys.stdin]'\n";

    private static GatewayClient gateway;

    @BeforeAll
    static void wheels() throws IOException {
        gateway = new GatewayClient(SharedPlatform.platform(), USER);
        for (String version : List.of("1.0", "1.1")) {
            Wheelhouse.tinyWheel(SharedPlatform.wheelhouse(), version);
        }
    }

    @Test
    void aCondaFileInTheCodeIsBuiltAndReachesTheExecutorsAndTheCacheServesItAgain() throws IOException {
        String spec = JobBusEndToEndTest.sized("""
                entry: {class_name: io.kindling.examples.Pipe}
                jars: [kindling-examples.jar]
                environment:
                  image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04
                  conda_file: env/conda.yaml
                """ + IMPORT_ON_EXECUTORS).replace("conf:\n", "conf:\n  spark.hadoop.aml.enable_cache: \"true\"\n");
        byte[] code = JobApiTest.zipOf(Map.of(
                "kindling-examples.jar", Files.readAllBytes(JobBusEndToEndTest.EXAMPLES),
                "env/conda.yaml", "name: pipe-env\ndependencies:\n  - pip\n  - pip:\n    - tinypkg==1.1\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        JsonNode built = awaitEnd(submit(spec, "code.zip", code));
        JsonNode cached = awaitEnd(submit(spec, "code.zip", code));

        for (JsonNode job : List.of(built, cached)) {
            assertThat(job.get("state").asString()).as("%s", job).isEqualTo("succeeded");
            assertThat(job.get("environment").get("state").asString()).isEqualTo("ready");
            assertThat(gateway.text("/api/v1/jobs/" + job.get("id").asString() + "/log?stream=stdout").lines()
                    .filter(line -> line.startsWith("pipe: ")).sorted().toList())
                    .containsExactly("pipe: tinypkg 1.1 says hi 0", "pipe: tinypkg 1.1 says hi 1");
        }
        assertThat(reasons(built)).anyMatch(r -> r.startsWith("waiting for its conda environment too (cache on)"))
                .anyMatch(r -> r.matches("conda environment \\w+ ready \\(built\\)"));
        assertThat(reasons(cached)).anyMatch(r -> r.matches("conda environment \\w+ ready from the cache"));
    }

    @Test
    void anInlineCondaSpecIsBuiltToo() throws IOException {
        String spec = JobBusEndToEndTest.sized("""
                entry: {class_name: io.kindling.examples.Pipe}
                jars: [kindling-examples.jar]
                environment:
                  conda_file:
                    dependencies: [pip, {pip: [tinypkg==1.0]}]
                """ + IMPORT_ON_EXECUTORS);

        JsonNode job = awaitEnd(submit(spec, "kindling-examples.jar",
                Files.readAllBytes(JobBusEndToEndTest.EXAMPLES)));

        assertThat(job.get("state").asString()).as("%s", job).isEqualTo("succeeded");
        assertThat(gateway.text("/api/v1/jobs/" + job.get("id").asString() + "/log?stream=stdout"))
                .contains("pipe: tinypkg 1.0 says hi 0", "pipe: tinypkg 1.0 says hi 1");
    }

    @Test
    void anEnvironmentThatCannotBeBuiltFailsTheJobBeforeItsDriverRuns() throws IOException {
        String spec = JobBusEndToEndTest.sized("""
                entry: {class_name: io.kindling.examples.SparkPi}
                jars: [kindling-examples.jar]
                environment:
                  conda_file: {dependencies: [pip, {pip: [tinypkg==9.9]}]}
                """);

        JsonNode job = awaitEnd(submit(spec, "kindling-examples.jar",
                Files.readAllBytes(JobBusEndToEndTest.EXAMPLES)));

        assertThat(job.get("state").asString()).isEqualTo("failed");
        assertThat(job.get("exitReason").asString()).startsWith("conda environment failed (INSTALL_ERROR)");
        assertThat(job.path("sparkAppId").isNull() || job.path("sparkAppId").isMissingNode()).as("%s", job).isTrue();
        assertThat(reasons(job)).noneMatch(r -> r.startsWith("submitting the driver"));
    }

    @Test
    void aCondaSpecTheBuilderRefusesIsA400NamingTheEntry() throws IOException {
        String spec = JobBusEndToEndTest.sized("""
                entry: {class_name: io.kindling.examples.SparkPi}
                jars: [kindling-examples.jar]
                environment:
                  conda_file: {dependencies: ["tinypkg; rm -rf /"]}
                """);

        GatewayClient.Response refused = JobApiTest.multipart(USER, "/api/v1/jobs", null,
                JobApiTest.Part.text("spec", spec),
                JobApiTest.Part.file("code", "kindling-examples.jar", Files.readAllBytes(JobBusEndToEndTest.EXAMPLES)));

        assertThat(refused.status()).as("%s", refused.body()).isEqualTo(400);
        assertThat(refused.body().get("code").asString()).startsWith("CONDA_");
        assertThat(refused.body().get("field").asString()).isEqualTo("environment.conda_file");
        assertThat(refused.body().get("entry").asString()).isEqualTo("dependencies[0]");
    }

    private static String submit(String spec, String fileName, byte[] code) {
        GatewayClient.Response accepted = JobApiTest.multipart(USER, "/api/v1/jobs", null,
                JobApiTest.Part.text("spec", spec), JobApiTest.Part.file("code", fileName, code));
        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
        return accepted.body().get("id").asString();
    }

    private static JsonNode awaitEnd(String id) {
        List<String> ends = List.of("succeeded", "failed", "killed");
        return await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.get("/api/v1/jobs/" + id).body(),
                        job -> job != null && ends.contains(job.path("state").asString()));
    }

    private static List<String> reasons(JsonNode job) {
        return job.get("history").findValuesAsString("reason");
    }
}
