package io.kindling.job.spec;

import static io.kindling.job.spec.Fixtures.ATTACHED;
import static io.kindling.job.spec.Fixtures.SERVERLESS;
import static io.kindling.job.spec.Fixtures.STORE;
import static io.kindling.job.spec.Fixtures.WORKSPACE;
import static io.kindling.job.spec.Fixtures.attached;
import static io.kindling.job.spec.Fixtures.serverless;
import static io.kindling.job.spec.JobSpecError.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobSpecsTest {

    @Test
    void aServerlessPythonJobWithDynamicAllocationValidates() {
        ValidatedJob job = JobSpecs.validate(SERVERLESS, WORKSPACE);

        assertThat(job.spec().entry()).isEqualTo(new JobEntry(JobEntry.Kind.FILE, "titanic.py"));
        assertThat(job.spec().isServerless()).isTrue();
        assertThat(job.instanceType()).isEqualTo(new InstanceType("standard_e4s_v3", 4, 32 * 1024));
        assertThat(job.sizing()).isEqualTo(new SparkSizing(1, new MemorySize("2g", 2048), 2,
                new MemorySize("2g", 2048), true, 1, 4, 1));
        assertThat(job.executorCount()).isEqualTo(1);
        assertThat(job.inputPaths()).containsExactly(
                entry("titanic_data", STORE.resolve("data/titanic.csv")));
        assertThat(job.outputPaths()).containsEntry("wrangled_data", STORE.resolve("data/wrangled"));
        assertThat(job.args()).isEqualTo("--titanic_data " + STORE + "/data/titanic.csv --sample_rate 0.01 "
                + "--wrangled_data " + STORE + "/data/wrangled");
        assertThat(job.spec().conf()).containsEntry("spark.sql.shuffle.partitions", "16");
        assertThat(job.spec().literalInputs()).containsExactly(
                entry("sample_rate", "0.01"));
        assertThat(job.spec().identity().type()).isEqualTo(Identity.Type.USER_IDENTITY);
        assertThat(job.spec().tags()).containsEntry("sample", "1");
        assertThat(job.spec().experimentName()).isEqualTo("titanic-wrangling");
    }

    @Test
    void anAttachedJvmJobWithFixedExecutorsValidates() {
        ValidatedJob job = JobSpecs.validate(ATTACHED, WORKSPACE);

        assertThat(job.spec().compute()).isEqualTo("nightly-pool");
        assertThat(job.spec().resources()).isNull();
        assertThat(job.instanceType()).isNull();
        assertThat(job.spec().entry().isPython()).isFalse();
        assertThat(job.spec().jars()).containsExactly("wordcount-1.0.jar", "libs/commons-text-1.12.0.jar");
        assertThat(job.sizing().dynamicAllocation()).isFalse();
        assertThat(job.sizing()).extracting(SparkSizing::minExecutors, SparkSizing::maxExecutors,
                SparkSizing::executorInstances).containsExactly(3, 3, 3);
        assertThat(job.sizing().executorMemory().mebibytes()).isEqualTo(8192);
        assertThat(job.spec().inputs().get("corpus")).isEqualTo(new DataBinding("corpus",
                DataBinding.Type.URI_FOLDER, "/mnt/shared/corpus", "direct"));
        assertThat(job.outputPaths()).containsEntry("counts", Path.of("/mnt/shared/out/counts"));
        assertThat(job.args()).isEqualTo("--in /mnt/shared/corpus --out /mnt/shared/out/counts");
        assertThat(job.spec().identity().type()).isEqualTo(Identity.Type.MANAGED);
        assertThat(job.spec().environment().inline()).containsEntry("conda_file", "conda.yaml")
                .containsKey("image");
    }

    @Test
    void executorInstancesWithinTheDynamicRangeAreTheStartingCount() {
        ValidatedJob job = JobSpecs.validate(serverless("  spark.dynamicAllocation.maxExecutors: 4\n",
                "  spark.dynamicAllocation.maxExecutors: 4\n  spark.executor.instances: 3\n"), WORKSPACE);
        assertThat(job.executorCount()).isEqualTo(3);
    }

    @Test
    void aJvmJobRunsOnARuntimeWithoutPySpark() {
        String jvmOnly = attached("compute: nightly-pool\n",
                "resources: {instance_type: standard_e8s_v3, runtime_version: 4.2-jvm}\n");
        assertThat(JobSpecs.validate(jvmOnly, WORKSPACE).instanceType().cores()).isEqualTo(8);
    }

    @Test
    void aPythonJobOnARuntimeWithoutPySparkSaysSo() {
        assertThatThrownBy(() -> JobSpecs.validate(serverless("runtime_version: \"3.4\"",
                "runtime_version: 4.2-jvm"), WORKSPACE))
                .hasMessageContaining("runtime 4.2-jvm has no PySpark");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                // the text itself
                arguments("empty", "  \n", MALFORMED_SPEC, "spec"),
                arguments("not YAML", "type: spark\nentry: [a", MALFORMED_SPEC, "spec"),
                arguments("not a mapping", "- type: spark", MALFORMED_SPEC, "spec"),
                arguments("duplicate key", serverless("type: spark\n", "type: spark\ntype: spark\n"), MALFORMED_SPEC,
                        "spec"),
                // structure
                arguments("unknown top-level key", serverless("type: spark\n", "type: spark\npriority: high\n"),
                        UNKNOWN_FIELD, "priority"),
                arguments("unknown resources key", serverless("  runtime_version:", "  instance_count: 2\n"
                        + "  runtime_version:"), UNKNOWN_FIELD, "resources.instance_count"),
                arguments("unknown input key", serverless("    mode: direct\n  sample_rate",
                        "    mode: direct\n    datastore: x\n  sample_rate"), UNKNOWN_FIELD,
                        "inputs.titanic_data.datastore"),
                arguments("unknown entry key", serverless("  file: titanic.py", "  file: titanic.py\n  args: x"),
                        UNKNOWN_FIELD, "entry.args"),
                arguments("client_id on a user identity", serverless("  type: user_identity",
                        "  type: user_identity\n  client_id: abc"), UNKNOWN_FIELD, "identity.client_id"),
                arguments("type is not spark", serverless("type: spark", "type: command"), INVALID_FIELD, "type"),
                arguments("type missing", serverless("type: spark\n", ""), MISSING_FIELD, "type"),
                arguments("code missing", serverless("code: ./src\n", ""), MISSING_FIELD, "code"),
                arguments("entry missing", serverless("entry:\n  file: titanic.py\n", ""), MISSING_FIELD, "entry"),
                arguments("entry empty", serverless("entry:\n  file: titanic.py\n", "entry: {}\n"), MISSING_FIELD,
                        "entry"),
                arguments("entry with both", serverless("  file: titanic.py", "  file: titanic.py\n  class_name: M"),
                        CONFLICTING_FIELDS, "entry"),
                arguments("compute and resources", serverless("resources:", "compute: pool\nresources:"),
                        CONFLICTING_FIELDS, "compute"),
                arguments("neither compute nor resources", attached("compute: nightly-pool\n", ""), MISSING_FIELD,
                        "resources"),
                arguments("runtime_version missing", serverless("  runtime_version: \"3.4\"\n", ""), MISSING_FIELD,
                        "resources.runtime_version"),
                arguments("instance_type missing", serverless("  instance_type: Standard_E4S_V3\n", ""),
                        MISSING_FIELD, "resources.instance_type"),
                arguments("jars not a list", attached("jars:\n  - wordcount-1.0.jar\n  - libs/commons-text-1.12.0.jar",
                        "jars: wordcount-1.0.jar"), INVALID_FIELD, "jars"),
                arguments("py_files entry not a string", serverless("  - utils.zip", "  - utils.zip\n  - [a, b]"),
                        INVALID_FIELD, "py_files[1]"),
                arguments("nested tag", serverless("  team: data-eng", "  team: {name: data-eng}"), INVALID_FIELD,
                        "tags.team"),
                arguments("nested conf", serverless("  spark.sql.shuffle.partitions: 16",
                        "  spark.sql: {shuffle: 16}"), INVALID_FIELD, "conf.spark.sql"),
                arguments("unknown identity type", serverless("type: user_identity", "type: service_principal"),
                        INVALID_FIELD, "identity.type"),
                arguments("input type mltable", serverless("type: uri_file", "type: mltable"), INVALID_FIELD,
                        "inputs.titanic_data.type"),
                arguments("input path missing", serverless(
                        "    path: azureml://datastores/workspaceblobstore/paths/data/titanic.csv\n", ""),
                        MISSING_FIELD, "inputs.titanic_data.path"),
                arguments("input name with a dash", serverless("  titanic_data:", "  titanic-data:"), INVALID_FIELD,
                        "inputs.titanic-data"),
                arguments("input named null", serverless("  sample_rate: 0.01", "  ~: 0.01"), INVALID_FIELD,
                        "inputs.null"),
                arguments("output given as text", attached("  counts:\n    type: uri_folder\n",
                        "  counts: /tmp/x\n  other:\n    type: uri_folder\n"), INVALID_FIELD, "outputs.counts"),
                arguments("environment a list", ATTACHED.replaceAll("(?s)environment:.*", "environment: [a, b]\n"),
                        INVALID_FIELD, "environment"),
                arguments("environment a registry reference", ATTACHED.replaceAll("(?s)environment:.*",
                        "environment: azureml:spark-env:3\n"), INVALID_FIELD, "environment"),
                arguments("environment without conda_file", ATTACHED.replaceAll("(?s)environment:.*",
                        "environment: {image: ubuntu}\n"), MISSING_FIELD, "environment.conda_file"),
                arguments("environment conda_file a list", ATTACHED.replaceAll("(?s)environment:.*",
                        "environment: {conda_file: [a]}\n"), INVALID_FIELD, "environment.conda_file"),
                arguments("environment with a build context", ATTACHED.replaceAll("(?s)environment:.*",
                        "environment: {conda_file: conda.yaml, build: {path: docker}}\n"), UNKNOWN_FIELD,
                        "environment.build"),
                // duplicates
                arguments("duplicate jar", attached("  - libs/commons-text-1.12.0.jar",
                        "  - libs/commons-text-1.12.0.jar\n  - wordcount-1.0.jar"), DUPLICATE_ENTRY, "jars[2]"),
                arguments("duplicate file", serverless("  - config/settings.json",
                        "  - config/settings.json\n  - config/settings.json"), DUPLICATE_ENTRY, "files[1]"),
                arguments("duplicate archive", attached("  - dictionaries.tar.gz#dict",
                        "  - dictionaries.tar.gz#dict\n  - dictionaries.tar.gz#dict"), DUPLICATE_ENTRY, "archives[1]"),
                arguments("duplicate py_file", serverless("  - utils.zip", "  - utils.zip\n  - utils.zip"),
                        DUPLICATE_ENTRY, "py_files[1]"),
                // memory
                arguments("memory without unit", serverless("spark.executor.memory: 2g", "spark.executor.memory: 2048"),
                        INVALID_MEMORY, "conf.spark.executor.memory"),
                arguments("memory with gb", serverless("spark.driver.memory: 2g", "spark.driver.memory: 2gb"),
                        INVALID_MEMORY, "conf.spark.driver.memory"),
                arguments("memory of zero", attached("spark.executor.memory: 8g", "spark.executor.memory: 0g"),
                        INVALID_MEMORY, "conf.spark.executor.memory"),
                arguments("memory too large", attached("spark.driver.memory: 4g",
                        "spark.driver.memory: 99999999999999999999p"), INVALID_MEMORY, "conf.spark.driver.memory"),
                // dynamic allocation on
                arguments("dynamic: driver cores missing", serverless("  spark.driver.cores: 1\n", ""),
                        MISSING_FIELD, "conf.spark.driver.cores"),
                arguments("dynamic: driver memory missing", serverless("  spark.driver.memory: 2g\n", ""),
                        MISSING_FIELD, "conf.spark.driver.memory"),
                arguments("dynamic: executor cores missing", serverless("  spark.executor.cores: 2\n", ""),
                        MISSING_FIELD, "conf.spark.executor.cores"),
                arguments("dynamic: executor memory missing", serverless("  spark.executor.memory: 2g\n", ""),
                        MISSING_FIELD, "conf.spark.executor.memory"),
                arguments("dynamic: min missing", serverless("  spark.dynamicAllocation.minExecutors: 1\n", ""),
                        MISSING_FIELD, "conf.spark.dynamicAllocation.minExecutors"),
                arguments("dynamic: max missing", serverless("  spark.dynamicAllocation.maxExecutors: 4\n", ""),
                        MISSING_FIELD, "conf.spark.dynamicAllocation.maxExecutors"),
                arguments("conf: Kindling's own key", serverless("  spark.driver.cores: 1\n",
                        "  spark.driver.cores: 1\n  spark.master: local[*]\n"), RESERVED_CONF, "conf.spark.master"),
                arguments("conf: a JVM option", serverless("  spark.driver.cores: 1\n",
                        "  spark.driver.cores: 1\n  spark.driver.extraJavaOptions: -javaagent:/tmp/a.jar\n"),
                        CONF_NOT_ALLOWED, "conf.spark.driver.extraJavaOptions"),
                arguments("dynamic: min zero", serverless("minExecutors: 1", "minExecutors: 0"),
                        INVALID_DYNAMIC_ALLOCATION, "conf.spark.dynamicAllocation.minExecutors"),
                arguments("dynamic: min above max", serverless("minExecutors: 1", "minExecutors: 5"),
                        INVALID_DYNAMIC_ALLOCATION, "conf.spark.dynamicAllocation.maxExecutors"),
                arguments("dynamic: instances above max", serverless("  spark.dynamicAllocation.maxExecutors: 4\n",
                        "  spark.dynamicAllocation.maxExecutors: 4\n  spark.executor.instances: 5\n"),
                        INVALID_DYNAMIC_ALLOCATION, "conf.spark.executor.instances"),
                arguments("dynamic: instances below min", serverless("minExecutors: 1",
                        "minExecutors: 2\n  spark.executor.instances: 1"), INVALID_DYNAMIC_ALLOCATION,
                        "conf.spark.executor.instances"),
                arguments("dynamic: not a boolean", serverless("enabled: True", "enabled: maybe"), INVALID_FIELD,
                        "conf.spark.dynamicAllocation.enabled"),
                // dynamic allocation off
                arguments("static: instances missing", attached("  spark.executor.instances: 3\n", ""),
                        MISSING_FIELD, "conf.spark.executor.instances"),
                arguments("static: driver cores missing", attached("  spark.driver.cores: 2\n", ""),
                        MISSING_FIELD, "conf.spark.driver.cores"),
                arguments("static: executor memory missing", attached("  spark.executor.memory: 8g\n", ""),
                        MISSING_FIELD, "conf.spark.executor.memory"),
                arguments("static: min set", attached("  spark.executor.instances: 3\n",
                        "  spark.executor.instances: 3\n  spark.dynamicAllocation.minExecutors: 1\n"),
                        INVALID_DYNAMIC_ALLOCATION, "conf.spark.dynamicAllocation.minExecutors"),
                arguments("explicitly off: max set", attached("  spark.executor.instances: 3\n",
                        "  spark.executor.instances: 3\n  spark.dynamicAllocation.enabled: false\n"
                        + "  spark.dynamicAllocation.maxExecutors: 4\n"), INVALID_DYNAMIC_ALLOCATION,
                        "conf.spark.dynamicAllocation.maxExecutors"),
                arguments("static: zero instances", attached("instances: 3", "instances: 0"), INVALID_FIELD,
                        "conf.spark.executor.instances"),
                arguments("cores not a number", attached("spark.executor.cores: 4", "spark.executor.cores: four"),
                        INVALID_FIELD, "conf.spark.executor.cores"),
                // instance type
                arguments("unknown instance type", serverless("Standard_E4S_V3", "Standard_D4_V3"),
                        UNKNOWN_INSTANCE_TYPE, "resources.instance_type"),
                arguments("driver cores above the node", serverless("spark.driver.cores: 1", "spark.driver.cores: 5"),
                        EXCEEDS_INSTANCE_TYPE, "conf.spark.driver.cores"),
                arguments("executor cores above the node", serverless("spark.executor.cores: 2",
                        "spark.executor.cores: 8"), EXCEEDS_INSTANCE_TYPE, "conf.spark.executor.cores"),
                arguments("driver memory above the node", serverless("spark.driver.memory: 2g",
                        "spark.driver.memory: 40g"), EXCEEDS_INSTANCE_TYPE, "conf.spark.driver.memory"),
                arguments("executor memory above the node", serverless("spark.executor.memory: 2g",
                        "spark.executor.memory: 32769m"), EXCEEDS_INSTANCE_TYPE, "conf.spark.executor.memory"),
                // this install's capacity for one job
                arguments("more executors than the install allows", serverless(
                        "spark.dynamicAllocation.maxExecutors: 4", "spark.dynamicAllocation.maxExecutors: 17"),
                        CAPACITY_EXCEEDED, "conf.spark.dynamicAllocation.maxExecutors"),
                arguments("more cores than the install allows", serverless(
                        "spark.dynamicAllocation.maxExecutors: 4", "spark.dynamicAllocation.maxExecutors: 16"),
                        CAPACITY_EXCEEDED, "conf.spark.executor.cores"),
                arguments("more memory than the install allows", serverless("spark.executor.memory: 2g",
                        "spark.executor.memory: 12g"), CAPACITY_EXCEEDED, "conf.spark.executor.memory"),
                arguments("executor memory under Spark's floor", serverless("spark.executor.memory: 2g",
                        "spark.executor.memory: 256m"), INVALID_MEMORY, "conf.spark.executor.memory"),
                arguments("driver memory under Spark's floor on a pool too", attached("spark.driver.memory: 4g",
                        "spark.driver.memory: 300m"), INVALID_MEMORY, "conf.spark.driver.memory"),
                // runtime
                arguments("unknown runtime", serverless("\"3.4\"", "\"3.1\""), UNKNOWN_RUNTIME,
                        "resources.runtime_version"),
                arguments("runtime 3.40 is not 3.4", serverless("\"3.4\"", "3.40"), UNKNOWN_RUNTIME,
                        "resources.runtime_version"),
                arguments("runtime past its end of support", serverless("\"3.4\"", "\"3.2\""), RUNTIME_RETIRED,
                        "resources.runtime_version"),
                arguments("python on a runtime without pyspark", serverless("\"3.4\"", "4.2-jvm"),
                        PYTHON_NOT_SUPPORTED, "entry.file"),
                // modes
                arguments("input mounted", serverless("    mode: direct\n  sample_rate",
                        "    mode: ro_mount\n  sample_rate"), UNSUPPORTED_MODE, "inputs.titanic_data.mode"),
                arguments("output uploaded", serverless("    mode: direct\n\nargs", "    mode: upload\n\nargs"),
                        UNSUPPORTED_MODE, "outputs.wrangled_data.mode"),
                // args
                arguments("args names an undeclared input", serverless("${{inputs.titanic_data}}",
                        "${{inputs.titanic}}"), UNKNOWN_INPUT, "args"),
                arguments("args names an undeclared output", attached("${{outputs.counts}}", "${{outputs.totals}}"),
                        UNKNOWN_OUTPUT, "args"),
                arguments("args names an output as an input", attached("${{outputs.counts}}", "${{inputs.counts}}"),
                        UNKNOWN_INPUT, "args"),
                arguments("args refers to a parent pipeline", attached("${{inputs.corpus}}",
                        "${{parent.inputs.corpus}}"), INVALID_FIELD, "args"),
                arguments("args placeholder left open", attached("${{outputs.counts}}", "${{outputs.counts"),
                        INVALID_FIELD, "args"),
                // paths
                arguments("unknown datastore (azureml form)", serverless("datastores/workspaceblobstore/paths/data/t",
                        "datastores/otherstore/paths/data/t"), UNKNOWN_DATASTORE, "inputs.titanic_data.path"),
                arguments("unknown datastore (kindling form)", serverless(
                        "kindling://datastores/workspaceblobstore", "kindling://datastores/lake"), UNKNOWN_DATASTORE,
                        "outputs.wrangled_data.path"),
                arguments("path leaves its datastore", serverless("paths/data/wrangled/", "paths/../../../etc/"),
                        INVALID_FIELD, "outputs.wrangled_data.path"),
                arguments("cloud storage path", attached("/mnt/shared/corpus",
                        "abfss://corpus@lake.dfs.core.windows.net/raw"), INVALID_FIELD, "inputs.corpus.path"),
                arguments("registered data asset", attached("/mnt/shared/corpus", "azureml:corpus:3"), INVALID_FIELD,
                        "inputs.corpus.path"),
                arguments("host path outside the allowed folders", attached("/mnt/shared/corpus",
                        "/srv/kindling/keys"), HOST_PATH_REFUSED, "inputs.corpus.path"),
                arguments("host path leaving the allowed folder by name", attached("/mnt/shared/corpus",
                        "/mnt/shared/../../etc"), HOST_PATH_REFUSED, "inputs.corpus.path"),
                arguments("host file URI outside the allowed folders", attached("file:///mnt/shared/out/counts",
                        "file:///etc/out"), HOST_PATH_REFUSED, "outputs.counts.path"),
                arguments("relative path", attached("/mnt/shared/corpus", "./corpus"), INVALID_FIELD,
                        "inputs.corpus.path"),
                arguments("relative file URI", attached("file:///mnt/shared/out/counts", "file:out/counts"),
                        INVALID_FIELD, "outputs.counts.path"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithTheCodeAndTheField(String why, String spec, JobSpecError code, String field) {
        assertThatThrownBy(() -> JobSpecs.validate(spec, WORKSPACE))
                .isInstanceOfSatisfying(InvalidJobSpecException.class, e -> {
                    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
                    assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    /** FILE_NOT_FOUND is found where the files are (service-kit's JobCode, tested there), not in the spec. */
    @Test
    void everyErrorCodeHasARefusalCase() {
        Set<JobSpecError> covered = refusals().map(a -> (JobSpecError) a.get()[2])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(JobSpecError.class)));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(
                EnumSet.complementOf(EnumSet.of(JobSpecError.FILE_NOT_FOUND)));
    }
}
