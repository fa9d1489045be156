package io.kindling.conda.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CondaSpecsTest {

    static final RuntimeComponents RUNTIME = new RuntimeComponents("3.11.7", "4.2.0", "2.13.16", "17");
    static final NetworkPolicy ISOLATED = new NetworkPolicy(true, List.of("conda-forge"),
            List.of("https://pypi.internal.example/simple"));

    static final String FULL = """
            name: my-env
            channels:
              - conda-forge
            dependencies:
              - python=3.11
              - pip
              - numpy>=1.26,<2
              - conda-forge::pandas 2.2.*
              - pip:
                  - --index-url https://pypi.internal.example/simple
                  - requests==2.32.3
                  - Tiny_Pkg[extra] ~= 1.0 ; python_version >= "3.8"
            """;

    @Test
    void parsesEveryPartOfASpec() {
        CondaSpec spec = CondaSpecs.validate(FULL, RUNTIME, ISOLATED);

        assertThat(spec.name()).isEqualTo("my-env");
        assertThat(spec.channels()).containsExactly("conda-forge");
        assertThat(spec.conda()).extracting(Requirement::name).containsExactly("python", "pip", "numpy", "pandas");
        assertThat(spec.conda().get(3).channel()).isEqualTo("conda-forge");
        assertThat(spec.conda().get(3).constraint().toString()).isEqualTo("2.2.*");
        assertThat(spec.pip()).extracting(Requirement::name).containsExactly("requests", "tiny-pkg");
        assertThat(spec.pip()).extracting(Requirement::entry)
                .containsExactly("dependencies[4].pip[1]", "dependencies[4].pip[2]");
        assertThat(spec.pipOptions()).containsExactly(new PipOption("index-url",
                "https://pypi.internal.example/simple", "dependencies[4].pip[0]"));
    }

    @Test
    void theSameContentWrittenDifferentlyHashesTheSame() {
        String reordered = """
                name: another-name
                channels: [conda-forge]
                dependencies:
                  - conda-forge::pandas   2.2.*
                  - numpy >=1.26,<2
                  - pip
                  - python=3.11
                  - pip: ["--index-url https://pypi.internal.example/simple", "tiny_pkg[extra]~=1.0; python_version >= \\"3.8\\"", "requests == 2.32.3"]
                """;
        CondaSpec a = CondaSpecs.validate(FULL, RUNTIME, ISOLATED);
        CondaSpec b = CondaSpecs.validate(reordered, RUNTIME, ISOLATED);

        assertThat(b.normalized()).isEqualTo(a.normalized());
        assertThat(CondaSpecs.hash(b, "4.2", RUNTIME, "linux-x86_64/venv"))
                .isEqualTo(CondaSpecs.hash(a, "4.2", RUNTIME, "linux-x86_64/venv"))
                .hasSize(32)
                .isNotEqualTo(CondaSpecs.hash(a, "4.1", RUNTIME, "linux-x86_64/venv"))
                .isNotEqualTo(CondaSpecs.hash(a, "4.2", RUNTIME, "linux-aarch64/venv"));
    }

    @Test
    void aDifferentVersionIsADifferentHash() {
        CondaSpec a = CondaSpecParser.parse("dependencies: [{pip: [tinypkg==1.0]}]");
        CondaSpec b = CondaSpecParser.parse("dependencies: [{pip: [tinypkg==1.1]}]");
        assertThat(CondaSpecs.hash(a, "4.2", RUNTIME, "p")).isNotEqualTo(CondaSpecs.hash(b, "4.2", RUNTIME, "p"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed YAML          | 'dependencies: [a, b'                                   | MALFORMED_YAML    | conda
            not a mapping           | '- numpy'                                               | MALFORMED_YAML    | conda
            unknown top-level key   | 'name: x\\nprefix: /opt/env'                             | UNKNOWN_KEY       | prefix
            unknown nested mapping  | 'dependencies:\\n  - conda: [numpy]'                     | UNKNOWN_KEY       | dependencies[0]
            dependencies not a list | 'dependencies: numpy'                                   | INVALID_ENTRY     | dependencies
            not a package           | 'dependencies: [\"numpy >>= 1\"]'                         | INVALID_ENTRY     | dependencies[0]
            bad pip requirement     | 'dependencies: [{pip: [\"requests = 2\"]}]'               | INVALID_ENTRY     | dependencies[0].pip[0]
            pip -r                  | 'dependencies: [{pip: [\"-r requirements.txt\"]}]'        | INVALID_ENTRY     | dependencies[0].pip[0]
            unknown pip option      | 'dependencies: [{pip: [\"--user\"]}]'                     | INVALID_ENTRY     | dependencies[0].pip[0]
            python changed          | 'dependencies: [numpy, python=3.10]'                    | RUNTIME_COMPONENT | dependencies[1]
            pyspark changed         | 'dependencies: [{pip: [pyspark==3.5.1]}]'               | RUNTIME_COMPONENT | dependencies[0].pip[0]
            spark changed           | 'dependencies: [\"spark>=4.3\"]'                          | RUNTIME_COMPONENT | dependencies[0]
            scala changed           | 'dependencies: [scala=2.12]'                            | RUNTIME_COMPONENT | dependencies[0]
            java changed            | 'dependencies: [openjdk=11]'                            | RUNTIME_COMPONENT | dependencies[0]
            pyspark from a URL      | 'dependencies: [{pip: [\"pyspark @ https://x/p.whl\"]}]'  | RUNTIME_COMPONENT | dependencies[0].pip[0]
            channel not allowed     | 'channels: [defaults]'                                  | CHANNEL_NOT_ALLOWED | channels[0]
            channel prefix          | 'dependencies: [\"bioconda::samtools\"]'                  | CHANNEL_NOT_ALLOWED | dependencies[0]
            index not allowed       | 'dependencies: [{pip: [\"--extra-index-url https://pypi.org/simple\"]}]' | INDEX_NOT_ALLOWED | dependencies[0].pip[0]
            lookalike index         | 'dependencies: [{pip: [\"-i https://pypi.internal.example/simple-evil\"]}]' | INDEX_NOT_ALLOWED | dependencies[0].pip[0]
            direct reference        | 'dependencies: [{pip: [\"x @ https://evil.example/x.whl\"]}]' | INDEX_NOT_ALLOWED | dependencies[0].pip[0]
            """)
    void refusesWithTheEntryNamed(String why, String yaml, String code, String entry) {
        assertThatThrownBy(() -> CondaSpecs.validate(yaml.replace("\\n", "\n"), RUNTIME, ISOLATED))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.entry()).isEqualTo(entry);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    void withoutIsolationAnyChannelGoesButPackageSourcesStayOnTheAllowlist() {
        CondaSpec spec = CondaSpecs.validate("channels: [defaults]\ndependencies: [numpy]", RUNTIME,
                NetworkPolicy.notIsolated());
        assertThat(spec.channels()).containsExactly("defaults");
        for (String source : new String[] {"--extra-index-url https://pypi.org/simple", "-f /srv/kindling/keys",
                "--find-links ./wheels", "-i http://169.254.169.254/simple", "evil @ https://evil.example/e.tar.gz",
                "evil @ file:///srv/kindling/keys/evil.tar.gz"}) {
            assertThatThrownBy(() -> CondaSpecs.validate("dependencies: [{pip: [\"" + source + "\"]}]", RUNTIME,
                    NetworkPolicy.notIsolated())).as(source).isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                        assertThat(e.code()).isEqualTo("INDEX_NOT_ALLOWED");
                        assertThat(e.entry()).isEqualTo("dependencies[0].pip[0]");
                    });
        }
        assertThat(CondaSpecs.validate("dependencies: [{pip: [\"--extra-index-url https://pypi.internal.example/"
                + "simple\", tinypkg]}]", RUNTIME, new NetworkPolicy(false, List.of(),
                List.of("https://pypi.internal.example/simple"))).pip()).hasSize(1);
    }

    @Test
    void entriesTheRuntimeAlreadySatisfiesAreReturned() {
        CondaSpec spec = CondaSpecParser.parse("dependencies: [python=3.11, \"openjdk>=17\", scala, "
                + "{pip: [\"pyspark==4.2.*\"]}]");
        assertThat(RUNTIME.check(spec)).containsOnlyKeys("dependencies[0]", "dependencies[1]", "dependencies[2]",
                "dependencies[3].pip[0]");
    }

    @Test
    void theMessageSaysWhatTheRuntimeHas() {
        assertThatThrownBy(() -> CondaSpecs.validate("dependencies: [python=3.10]", RUNTIME, NetworkPolicy.notIsolated()))
                .hasMessageContaining("dependencies[0] 'python=3.10'")
                .hasMessageContaining("Python 3.11.7");
    }

    @ParameterizedTest(name = "{1} on {0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            3.11.7 | =3.11        | CONDA | true
            3.11.7 | 3.11         | CONDA | true
            3.11.7 | =3.1         | CONDA | false
            3.11.7 | ==3.11       | CONDA | false
            3.11.7 | 3.11.*       | CONDA | true
            3.11.7 | >=3.8,<3.12  | CONDA | true
            3.11.7 | '3.9|3.11'   | CONDA | true
            3.11.7 | ==3.11.*     | PIP   | true
            3.11.7 | ==3.11.7     | PIP   | true
            3.11.0 | ==3.11       | PIP   | true
            3.11.7 | ~=3.10       | PIP   | true
            3.11.7 | ~=3.10.0     | PIP   | false
            3.11.7 | !=3.11.*     | PIP   | false
            3.11.7 | <3.11        | PIP   | false
            3.11.7 | >3.11        | PIP   | true
            """)
    void versionConstraints(String version, String constraint, VersionConstraint.Dialect dialect, boolean expected) {
        assertThat(VersionConstraint.parse(constraint, dialect).orElseThrow().satisfiedBy(version))
                .isEqualTo(expected);
    }

    @Test
    void condaPrefixVersionsReadAsPipWildcards() {
        CondaSpec spec = CondaSpecParser.parse("dependencies: [numpy=1.26, \"pandas>=2,<3\", tinypkg]");
        assertThat(spec.conda()).extracting(Requirement::asPipRequirement)
                .containsExactly("numpy==1.26.*", "pandas>=2,<3", "tinypkg");
    }
}
