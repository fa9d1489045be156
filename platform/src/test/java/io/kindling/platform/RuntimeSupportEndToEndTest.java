package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A runtime past its announcement of end of support runs and says so; one past its last day is refused, naming the
 * day. Each case is an install of its own, whose operator set the one runtime's dates (real Spark, real services).
 */
@Tag("integration")
class RuntimeSupportEndToEndTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final String SESSION = "{\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\"}";

    @Test
    void aDeprecatedRuntimeRunsAndEveryAnswerAboutItSaysUntilWhen() throws Exception {
        LocalDate announced = TODAY.minusDays(1);
        LocalDate end = TODAY.plusDays(120);
        try (Platform platform = start("deprecated", announced, end)) {
            GatewayClient alice = new GatewayClient(platform, "alice");
            GatewayClient.Response created = alice.post("/api/v1/sessions", SESSION);
            assertThat(created.status()).as("%s", created.body()).isEqualTo(202);
            assertThat(created.header("Deprecation")).contains("@" + announced.atStartOfDay(ZoneOffset.UTC)
                    .toEpochSecond());
            assertThat(created.header("Sunset")).get().asString().contains(end.plusDays(1).getDayOfMonth() + " ")
                    .endsWith("00:00:00 GMT");
            assertThat(created.body().get("runtimeSupport").get("state").asString()).isEqualTo("deprecated");
            assertThat(created.body().get("runtimeSupport").get("endOfSupport").asString()).isEqualTo(end.toString());
            String id = created.body().get("id").asString();

            // it runs
            alice.awaitState(id, "idle", Duration.ofMinutes(4));
            assertThat(alice.value(id, "SELECT 6 * 7").asInt()).isEqualTo(42);
            JsonNode read = alice.get("/api/v1/sessions/" + id).body();
            assertThat(read.get("runtimeSupport").get("message").asString()).contains("deprecated")
                    .contains(end.toString());

            GatewayClient.Response job = alice.post("/api/v1/jobs", sparkPi(), "application/yaml", null);
            assertThat(job.status()).as("%s", job.body()).isEqualTo(202);
            assertThat(job.header("Sunset")).isPresent();
            assertThat(job.body().get("runtimeSupport").get("endOfSupport").asString()).isEqualTo(end.toString());
            String jobId = job.body().get("id").asString();
            assertThat(alice.get("/api/v1/jobs/" + jobId).body().get("runtimeSupport").get("state").asString())
                    .isEqualTo("deprecated");
            alice.delete("/api/v1/jobs/" + jobId);

            JsonNode runtime = alice.get("/api/v1/runtimes").body().get("runtimes").get(0);
            assertThat(runtime.get("support").asString()).isEqualTo("deprecated");
            assertThat(runtime.get("endOfSupportAnnounced").asString()).isEqualTo(announced.toString());
            assertThat(runtime.get("javaVersion").asInt()).isGreaterThanOrEqualTo(17);
            alice.delete("/api/v1/sessions/" + id);
        }
    }

    @Test
    void aRetiredRuntimeIsRefusedNamingItsLastDayAndNothingIsCreated() throws Exception {
        LocalDate end = TODAY.minusDays(1);
        try (Platform platform = start("retired", TODAY.minusDays(90), end)) {
            GatewayClient bob = new GatewayClient(platform, "bob");
            GatewayClient.Response session = bob.post("/api/v1/sessions", SESSION);
            assertThat(session.status()).as("%s", session.body()).isEqualTo(400);
            assertThat(session.body().get("code").asString()).isEqualTo("RUNTIME_RETIRED");
            assertThat(session.body().get("field").asString()).isEqualTo("runtimeVersion");
            assertThat(session.body().get("endOfSupport").asString()).isEqualTo(end.toString());
            assertThat(session.body().get("detail").asString()).contains(end.toString());
            assertThat(session.body().get("supported")).isEmpty();

            GatewayClient.Response job = bob.post("/api/v1/jobs", sparkPi(), "application/yaml", null);
            assertThat(job.status()).as("%s", job.body()).isEqualTo(400);
            assertThat(job.body().get("code").asString()).isEqualTo("RUNTIME_RETIRED");
            assertThat(job.body().get("field").asString()).isEqualTo("resources.runtime_version");
            assertThat(job.body().get("detail").asString()).contains(end.toString());

            assertThat(bob.get("/api/v1/sessions").body().get("sessions")).as("sessions created").isEmpty();
            assertThat(bob.get("/api/v1/jobs").body().get("jobs")).as("jobs created").isEmpty();
            JsonNode runtimes = bob.get("/api/v1/runtimes").body();
            assertThat(runtimes.get("runtimes").get(0).get("support").asString()).isEqualTo("retired");
            assertThat(runtimes.get("supported")).isEmpty();
        }
    }

    private static Platform start(String name, LocalDate announced, LocalDate end) throws Exception {
        Path work = Files.createTempDirectory("kindling-runtime-" + name);
        return Platform.start(PlatformOptions.forTests(work, Path.of(System.getProperty("kindling.runtime.root")))
                .withOverrides(Map.<String, Object>of("kindling.runtime.support[0].version", "4.2",
                        "kindling.runtime.support[0].announced", announced.toString(),
                        "kindling.runtime.support[0].end-of-support", end.toString(),
                        "kindling.jobs.host-paths", JobApiTest.EXAMPLES.getParent().toString())));
    }

    /** SparkPi on 4.2, its code the examples' build output (a host path this install allows). */
    private static String sparkPi() {
        return JobBusEndToEndTest.sized("entry: {class_name: io.kindling.examples.SparkPi}\n"
                + "jars: [kindling-examples.jar]\nargs: \"2\"\n")
                .replace("code: ./target", "code: " + JobApiTest.EXAMPLES.getParent());
    }
}
