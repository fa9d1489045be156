package io.kindling.job.spec;

import static io.kindling.job.spec.Fixtures.ATTACHED;
import static io.kindling.job.spec.Fixtures.SERVERLESS;
import static io.kindling.job.spec.Fixtures.SERVERLESS_JSON;
import static io.kindling.job.spec.Fixtures.serverless;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobSpecParserTest {

    @Test
    void theJsonFormParsesTheSameAsTheYaml() {
        JobSpec yaml = JobSpecParser.parse(SERVERLESS);
        JobSpec json = JobSpecParser.parse(SERVERLESS_JSON);

        assertThat(json).isEqualTo(yaml);
        assertThat(JobSpecs.validate(SERVERLESS_JSON, Fixtures.WORKSPACE))
                .isEqualTo(JobSpecs.validate(SERVERLESS, Fixtures.WORKSPACE));
    }

    @Test
    void jsonIndentedWithTabsAndWithEscapedSlashesParses() {
        String json = SERVERLESS_JSON.replace("  ", "\t").replace("./src", ".\\/src");

        assertThat(json).contains("\t\"code\": \".\\/src\"");
        assertThat(JobSpecParser.parse(json)).isEqualTo(JobSpecParser.parse(SERVERLESS_JSON));
    }

    @Test
    void scalarsStayAsWritten() {
        JobSpec spec = JobSpecParser.parse(serverless("runtime_version: \"3.4\"", "runtime_version: 3.10"));

        assertThat(spec.resources().runtimeVersion()).isEqualTo("3.10");
        assertThat(spec.conf()).containsEntry("spark.dynamicAllocation.enabled", "True")
                .containsEntry("spark.driver.cores", "1");
        assertThat(spec.conf().keySet()).startsWith("spark.driver.cores", "spark.driver.memory");
    }

    @Test
    void inputsAndOutputsDefaultToDirectFolders() {
        JobSpec spec = JobSpecParser.parse(ATTACHED.replace("    type: uri_folder\n    path: /mnt/shared/corpus",
                "    path: /mnt/shared/corpus"));

        assertThat(spec.inputs().get("corpus")).isEqualTo(new DataBinding("corpus", DataBinding.Type.URI_FOLDER,
                "/mnt/shared/corpus", DataBinding.DIRECT));
        assertThat(spec.outputs().get("counts").mode()).isEqualTo("direct");
    }

    @Test
    void anEnvironmentIsKeptAsWritten() {
        assertThat(JobSpecParser.parse(ATTACHED).environment()).isEqualTo(new JobEnvironment(null, Map.of(
                "image", "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04", "conda_file", "conda.yaml")));
        assertThat(JobSpecParser.parse(ATTACHED.replaceAll("(?s)environment:.*", "environment: azureml:spark-env:3"))
                .environment()).isEqualTo(new JobEnvironment("azureml:spark-env:3", null));
        assertThat(JobSpecParser.parse(SERVERLESS).environment()).isNull();
    }

    @Test
    void anInlineCondaFileIsGivenAsYamlTextAndAFileNameAsTheName() {
        JobEnvironment inline = JobSpecParser.parse(ATTACHED.replaceAll("(?s)environment:.*", """
                environment:
                  conda_file:
                    name: job-env
                    dependencies:
                      - python=3.12
                      - pip:
                        - tinypkg==1.0
                """)).environment();

        assertThat(inline.condaFile()).isNull();
        assertThat(new org.yaml.snakeyaml.Yaml().<Map<String, Object>>load(inline.inlineConda())).isEqualTo(Map.of(
                "name", "job-env", "dependencies", java.util.List.of("python=3.12", Map.of("pip",
                        java.util.List.of("tinypkg==1.0")))));
        JobEnvironment named = JobSpecParser.parse(ATTACHED).environment();
        assertThat(named.condaFile()).isEqualTo("conda.yaml");
        assertThat(named.inlineConda()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            user_identity,    USER_IDENTITY
            managed,          MANAGED
            managed_identity, MANAGED
            aml_token,        AML_TOKEN
            Managed,          MANAGED
            """)
    void identityTypes(String written, Identity.Type type) {
        JobSpec spec = JobSpecParser.parse(serverless("type: user_identity", "type: " + written));
        assertThat(spec.identity().type()).isEqualTo(type);
    }

    @Test
    void aUserAssignedManagedIdentityKeepsItsIds() {
        JobSpec spec = JobSpecParser.parse(serverless("  type: user_identity",
                "  type: managed\n  client_id: 00000000-0000-0000-0000-000000000001"));
        assertThat(spec.identity()).isEqualTo(new Identity(Identity.Type.MANAGED,
                "00000000-0000-0000-0000-000000000001", null, null));
    }

    @Test
    void theParsedSpecCannotBeChanged() {
        JobSpec spec = JobSpecParser.parse(ATTACHED);
        assertThatThrownBy(() -> spec.jars().add("x.jar")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.conf().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.environment().inline().put("k", "v"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            1k,    1
            1025k, 2
            512m,  512
            512M,  512
            2g,    2048
            2G,    2048
            1t,    1048576
            1P,    1073741824
            """)
    void memorySizes(String text, long mebibytes) {
        assertThat(MemorySize.parse(text, "conf.spark.executor.memory").mebibytes()).isEqualTo(mebibytes);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            standard_e4s_v3,  4,  32
            Standard_E8s_V3,  8,  64
            STANDARD_E16S_V3, 16, 128
            standard_e32s_v3, 32, 256
            standard_e64s_v3, 64, 432
            """)
    void theDefaultCatalogMirrorsAzureServerlessSpark(String name, int cores, long memoryGb) {
        InstanceType type = InstanceCatalog.defaults().find(name).orElseThrow();
        assertThat(type.cores()).isEqualTo(cores);
        assertThat(type.memoryMb()).isEqualTo(memoryGb * 1024);
    }

    @Test
    void argsSubstituteAnyValues() {
        ArgsTemplate args = ArgsTemplate.parse("--in ${{inputs.raw}} --rate ${{ inputs.rate }} --out "
                + "${{outputs.clean}} --again ${{inputs.raw}}");

        assertThat(args.references()).extracting(ArgsTemplate.Reference::toString).containsExactly(
                "${{inputs.raw}}", "${{inputs.rate}}", "${{outputs.clean}}", "${{inputs.raw}}");
        assertThat(args.substitute(Map.of("raw", "/data/$raw", "rate", "0.5"), Map.of("clean", "/out")))
                .isEqualTo("--in /data/$raw --rate 0.5 --out /out --again /data/$raw");
        assertThatThrownBy(() -> args.substitute(Map.of("raw", "/data"), Map.of("clean", "/out")))
                .isInstanceOfSatisfying(InvalidJobSpecException.class,
                        e -> assertThat(e.code()).isEqualTo(JobSpecError.UNKNOWN_INPUT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            /data/in.csv,                                          /data/in.csv
            /data/x/../in.csv,                                     /data/in.csv
            file:///data/in.csv,                                   /data/in.csv
            file:/data/in.csv,                                     /data/in.csv
            kindling://datastores/lake/paths/raw/in.csv,           /mnt/lake/raw/in.csv
            azureml://datastores/lake/paths/raw/,                  /mnt/lake/raw
            kindling://datastores/lake/paths/,                     /mnt/lake
            """)
    void dataPaths(String written, String resolved) {
        assertThat(DataPaths.resolve(written, "inputs.x.path", Map.of("lake", Path.of("/mnt/lake")),
                new HostPaths(List.of(Path.of("/data"))))).isEqualTo(Path.of(resolved));
    }

    @Test
    void instanceCatalogsRefuseTwoTypesOfTheSameName() {
        assertThatThrownBy(() -> InstanceCatalog.of(List.of(new InstanceType("a", 1, 1024),
                new InstanceType("A", 2, 2048)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(InstanceCatalog.defaults().names()).hasSize(5).first().isEqualTo("standard_e4s_v3");
    }
}
