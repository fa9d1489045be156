package io.kindling.kit.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.job.spec.HostPaths;
import io.kindling.job.spec.InvalidJobSpecException;
import io.kindling.job.spec.JobSpec;
import io.kindling.job.spec.JobSpecError;
import io.kindling.job.spec.JobSpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCodeTest {

    @TempDir
    Path dir;
    private JobCode code;
    private Path uploaded;

    @BeforeEach
    void artifacts() throws IOException {
        code = new JobCode(dir.resolve("artifacts"));
        uploaded = Files.createDirectories(dir.resolve("upload"));
        Files.writeString(uploaded.resolve("app.jar"), "jar");
        Files.createDirectories(uploaded.resolve("libs"));
        Files.writeString(uploaded.resolve("libs/dep.jar"), "jar");
        Files.writeString(uploaded.resolve("dict.tar.gz"), "tgz");
    }

    @Test
    void aClassNameJobRunsFromItsFirstJarAndKeepsArchiveAliases() {
        JobFiles files = code.resolve(spec("""
                code: ./src
                entry: {class_name: org.example.Main}
                jars: [app.jar, libs/dep.jar]
                archives: ["dict.tar.gz#dict"]
                """), uploaded.toUri().toString());

        assertThat(files.appResource()).isEqualTo(uploaded.resolve("app.jar").toUri().toString());
        assertThat(files.jars()).containsExactly(uploaded.resolve("app.jar").toUri().toString(),
                uploaded.resolve("libs/dep.jar").toUri().toString());
        assertThat(files.archives()).containsExactly(uploaded.resolve("dict.tar.gz").toUri() + "#dict");
    }

    @Test
    void aJarUploadedAsTheCodeIsTheApplication() {
        JobFiles files = code.resolve(spec("code: ./app.jar\nentry: {class_name: org.example.Main}"),
                uploaded.resolve("app.jar").toUri().toString());

        assertThat(files.appResource()).endsWith("/upload/app.jar");
        assertThat(files.jars()).containsExactly(files.appResource());
    }

    @Test
    void anArtifactReferenceFindsTheEarlierUpload() throws IOException {
        Path artifact = Files.createDirectories(code.artifact("a-1234"));
        Files.writeString(artifact.resolve("app.jar"), "jar");

        JobFiles files = code.resolve(spec("""
                code: kindling://artifacts/a-1234
                entry: {class_name: org.example.Main}
                jars: [app.jar]
                """), null);

        assertThat(files.appResource()).isEqualTo(artifact.resolve("app.jar").toUri().toString());
    }

    @Test
    void aRelativeCodeFolderMustComeWithTheRequest() {
        assertRefused(spec("code: ./src\nentry: {class_name: org.example.Main}\njars: [app.jar]"), null,
                JobSpecError.FILE_NOT_FOUND, "code");
    }

    @Test
    void anUnknownArtifactIsRefused() {
        assertRefused(spec("code: kindling://artifacts/a-none\nentry: {class_name: org.example.Main}"), null,
                JobSpecError.FILE_NOT_FOUND, "code");
    }

    @Test
    void aMissingJarIsNamedByItsIndex() {
        assertRefused(spec("code: ./src\nentry: {class_name: org.example.Main}\njars: [app.jar, nope.jar]"),
                uploaded.toUri().toString(), JobSpecError.FILE_NOT_FOUND, "jars[1]");
    }

    @Test
    void anEntryMayNotLeaveTheCodeFolder() {
        assertRefused(spec("code: ./src\nentry: {class_name: org.example.Main}\njars: [../artifacts/x.jar]"),
                uploaded.toUri().toString(), JobSpecError.INVALID_FIELD, "jars[0]");
    }

    @Test
    void aClassNameJobWithoutAnyJarIsRefused() {
        assertRefused(spec("code: ./src\nentry: {class_name: org.example.Main}"), uploaded.toUri().toString(),
                JobSpecError.MISSING_FIELD, "jars");
    }

    @Test
    void anEnvironmentsCondaFileIsReadFromTheCodeFolderOrTakenInline() throws IOException {
        Files.writeString(uploaded.resolve("conda.yaml"), "dependencies:\n  - pip:\n    - tinypkg==1.0\n");
        String jar = "code: ./src\nentry: {class_name: org.example.Main}\njars: [app.jar]\n";

        assertThat(code.resolve(spec(jar + "environment: {conda_file: conda.yaml, image: ubuntu}"),
                uploaded.toUri().toString()).conda()).isEqualTo("dependencies:\n  - pip:\n    - tinypkg==1.0\n");
        assertThat(code.resolve(spec(jar + "environment: {conda_file: {dependencies: [numpy]}}"),
                uploaded.toUri().toString()).conda()).isEqualTo("dependencies:\n- numpy\n");
        assertThat(code.resolve(spec(jar), uploaded.toUri().toString()).conda()).isNull();
    }

    @Test
    void aCondaFileThatIsMissingOrLeavesTheCodeOrIsHugeIsRefused() throws IOException {
        String jar = "code: ./src\nentry: {class_name: org.example.Main}\njars: [app.jar]\n";
        Files.write(uploaded.resolve("huge.yaml"), new byte[(int) JobCode.MAX_CONDA_FILE_BYTES + 1]);

        assertRefused(spec(jar + "environment: {conda_file: missing.yaml}"), uploaded.toUri().toString(),
                JobSpecError.FILE_NOT_FOUND, "environment.conda_file");
        assertRefused(spec(jar + "environment: {conda_file: ../../etc/passwd}"), uploaded.toUri().toString(),
                JobSpecError.INVALID_FIELD, "environment.conda_file");
        assertRefused(spec(jar + "environment: {conda_file: huge.yaml}"), uploaded.toUri().toString(),
                JobSpecError.INVALID_FIELD, "environment.conda_file");
    }

    @Test
    void hostPathsAreRefusedUnlessTheOperatorAllowsTheirFolderAndTheRefusalSaysNothingOfWhatExists()
            throws IOException {
        Path secret = Files.writeString(dir.resolve("token-signing.key"), "KEY");
        String jar = "entry: {class_name: org.example.Main}\n";
        for (String[] given : new String[][] {{"code: " + uploaded, "code"},
                {"code: " + uploaded.toUri(), "code"},
                {jar + "jars: [" + uploaded.resolve("app.jar") + "]", "jars[0]"},
                {jar + "jars: [" + secret + "]", "jars[0]"},
                {jar + "files: [" + dir.resolve("nothing-here") + "]", "files[0]"},
                {jar + "jars: [app.jar]\nenvironment: {conda_file: " + secret + "}", "environment.conda_file"}}) {
            String spec = given[0].startsWith("code:") ? given[0] + "\n" + jar + "jars: [app.jar]"
                    : "code: ./src\n" + given[0];
            assertThatThrownBy(() -> code.resolve(spec(spec), given[0].startsWith("code:") ? null
                    : uploaded.toUri().toString())).as(given[0])
                    .isInstanceOfSatisfying(InvalidJobSpecException.class, e -> {
                        assertThat(e.code()).as("%s: %s", given[0], e.getMessage())
                                .isEqualTo(JobSpecError.HOST_PATH_REFUSED);
                        assertThat(e.field()).isEqualTo(given[1]);
                        assertThat(e.getMessage()).doesNotContain("KEY", "not on", "exist");
                    });
        }
        // an operator allows the upload folder: its files may be named, a link in it that points out may not
        JobCode allowing = new JobCode(dir.resolve("artifacts"), new HostPaths(List.of(uploaded)));
        assertThat(allowing.resolve(spec("code: " + uploaded + "\n" + jar + "jars: [app.jar]"), null).appResource())
                .isEqualTo(uploaded.resolve("app.jar").toUri().toString());
        Files.createSymbolicLink(uploaded.resolve("key.jar"), secret);
        assertThatThrownBy(() -> allowing.resolve(spec("code: ./src\n" + jar + "jars: [" + uploaded.resolve("key.jar")
                + "]"),
                uploaded.toUri().toString())).isInstanceOfSatisfying(InvalidJobSpecException.class,
                e -> assertThat(e.code()).isEqualTo(JobSpecError.HOST_PATH_REFUSED));
        assertThatThrownBy(() -> allowing.resolve(spec("code: " + uploaded + "\n" + jar + "jars: [key.jar]"), null))
                .isInstanceOfSatisfying(InvalidJobSpecException.class, e -> {
                    assertThat(e.code()).isEqualTo(JobSpecError.INVALID_FIELD);
                    assertThat(e.getMessage()).contains("leaves the code folder");
                });
    }

    private void assertRefused(JobSpec spec, String upload, JobSpecError error, String field) {
        assertThatThrownBy(() -> code.resolve(spec, upload)).isInstanceOfSatisfying(InvalidJobSpecException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(error);
                    assertThat(e.field()).isEqualTo(field);
                });
    }

    private static JobSpec spec(String body) {
        return JobSpecParser.parse("""
                type: spark
                conf:
                  spark.driver.cores: 1
                  spark.driver.memory: 1g
                  spark.executor.cores: 1
                  spark.executor.memory: 1g
                  spark.executor.instances: 1
                resources: {instance_type: standard_e4s_v3, runtime_version: "4.2"}
                """ + body);
    }
}
