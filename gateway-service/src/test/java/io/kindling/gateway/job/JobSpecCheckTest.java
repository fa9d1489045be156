package io.kindling.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.gateway.artifact.StoredCode;
import io.kindling.job.spec.InstanceCatalog;
import io.kindling.job.spec.JobSpecContext;
import io.kindling.job.spec.JobSpecParser;
import io.kindling.job.spec.ValidatedJob;
import io.kindling.kit.problem.ApiProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec checks at the gateway, the job ids, and which code URI a submission publishes. */
class JobSpecCheckTest {

    private static final JobSpecContext CONTEXT = new JobSpecContext(Set.of("4.2"), version -> false,
            InstanceCatalog.defaults(), Map.of("workspaceblobstore", Path.of("/tmp/kindling-test-store")));
    private static final String SPARK_PI = """
            type: spark
            code: ./target
            entry:
              class_name: io.kindling.examples.SparkPi
            jars: [kindling-examples.jar]
            args: "10"
            conf:
              spark.driver.cores: 1
              spark.driver.memory: 1g
              spark.executor.cores: 1
              spark.executor.memory: 1g
              spark.executor.instances: 1
            resources:
              instance_type: standard_e4s_v3
              runtime_version: "4.2"
            """;

    @Test
    void aValidSpecPasses() {
        ValidatedJob job = JobSpecCheck.validate(SPARK_PI, CONTEXT, "alice", (id, owner) -> false, true, List.of());

        assertThat(job.instanceType().name()).isEqualTo("standard_e4s_v3");
        assertThat(job.args()).isEqualTo("10");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown instance type | instance_type: standard_e4s_v3 | instance_type: standard_x1  | UNKNOWN_INSTANCE_TYPE | resources.instance_type",
            "memory without unit   | spark.executor.memory: 1g      | spark.executor.memory: 1024 | INVALID_MEMORY        | conf.spark.executor.memory",
            "unknown runtime       | 'runtime_version: \"4.2\"'     | 'runtime_version: \"1.6\"'  | UNKNOWN_RUNTIME       | resources.runtime_version",
            "unknown key           | 'args: \"10\"'                 | 'argz: \"10\"'              | UNKNOWN_FIELD         | argz",
    })
    void aRefusalCarriesTheJobSpecErrorAndTheField(String what, String from, String to, String code, String field) {
        assertThatThrownBy(() -> JobSpecCheck.validate(SPARK_PI.replace(from, to), CONTEXT, "alice", (i, o) -> false,
                true, List.of())).as(what).isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status().value()).isEqualTo(400);
                    assertThat(p.code()).isEqualTo(code);
                    assertThat(p.fields()).containsEntry("field", field);
                    assertThat(p.getMessage()).contains(field.substring(field.lastIndexOf('.') + 1));
                });
    }

    @Test
    void computeMustNameAnAttachedPoolOfTheWorkspace() {
        String attached = SPARK_PI.replaceAll("(?s)resources:.*", "compute: nightly-pool\n");

        assertThatThrownBy(() -> JobSpecCheck.validate(attached, CONTEXT, "alice", (i, o) -> false, true, List.of()))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.code()).isEqualTo("COMPUTE_NOT_FOUND");
                    assertThat(p.fields()).containsEntry("field", "compute").containsEntry("available", List.of());
                    assertThat(p.getMessage()).contains("nightly-pool").contains("none yet");
                });
        assertThatThrownBy(() -> JobSpecCheck.validate(attached, CONTEXT, "alice", (i, o) -> false, true,
                List.of("day-pool"))).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.fields()).containsEntry("available", List.of("day-pool")));
        assertThat(JobSpecCheck.validate(attached, CONTEXT, "alice", (i, o) -> false, true, List.of("nightly-pool"))
                .spec().compute()).isEqualTo("nightly-pool");
    }

    @Test
    void anArtifactOfSomeoneElseIsNotFound() {
        String spec = SPARK_PI.replace("code: ./target", "code: kindling://artifacts/a-0123456789abcdef");

        assertThat(JobSpecCheck.validate(spec, CONTEXT, "alice", (id, owner) -> owner.equals("alice")
                && id.equals("a-0123456789abcdef"), false, List.of())).isNotNull();
        assertThatThrownBy(() -> JobSpecCheck.validate(spec, CONTEXT, "bob", (id, owner) -> owner.equals("alice"),
                false, List.of())).isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.code()).isEqualTo("FILE_NOT_FOUND");
                    assertThat(p.fields()).containsEntry("field", "code");
                });
    }

    @Test
    void idsAreRandomOrDerivedFromOwnerAndKey() {
        assertThat(JobIds.random()).matches("j-[0-9a-f]{16}").isNotEqualTo(JobIds.random());
        assertThat(JobIds.derived("alice", "k1")).matches("j-[0-9a-f]{16}")
                .isEqualTo(JobIds.derived("alice", "k1"))
                .isNotEqualTo(JobIds.derived("bob", "k1"))
                .isNotEqualTo(JobIds.derived("alice", "k2"));
        assertThat(JobIds.ANY.matcher("j-0123456789abcdef").matches()).isTrue();
        assertThat(JobIds.ANY.matcher("nightly-2026-11-24.run_1").matches()).isTrue();
        assertThat(JobIds.ANY.matcher("..").matches()).isFalse();
        assertThat(JobIds.ANY.matcher("a/b").matches()).isFalse();
    }

    @Test
    void aSingleJarIsTheApplicationOnlyWhenTheSpecListsNoJars() {
        Path folder = Path.of("/var/kindling/artifacts/a-1/code");
        StoredCode jar = new StoredCode("a-1", folder, "app.jar", List.of("app.jar"), 3, true);
        StoredCode zip = new StoredCode("a-1", folder, "src.zip", List.of("app.jar"), 3, false);
        var withJars = JobSpecParser.parse(SPARK_PI);
        var withoutJars = JobSpecParser.parse(SPARK_PI.replace("jars: [kindling-examples.jar]\n", ""));

        assertThat(JobSubmissions.codeUri(jar, withoutJars)).isEqualTo("file:///var/kindling/artifacts/a-1/code/app.jar");
        assertThat(JobSubmissions.codeUri(jar, withJars)).isEqualTo(folder.toUri().toString());
        assertThat(JobSubmissions.codeUri(zip, withoutJars)).isEqualTo(folder.toUri().toString());
    }
}
