package io.kindling.gateway.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.gateway.GatewayProperties;
import io.kindling.kit.job.JobCode;
import io.kindling.kit.job.JobsProperties;
import io.kindling.kit.problem.ApiProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** Storing uploads on disk (the database record is the platform test's). */
class ArtifactsTest {

    @TempDir
    Path dir;
    private Path root;
    private Artifacts artifacts;

    @BeforeEach
    void artifacts() {
        root = dir.resolve("artifacts");
        GatewayProperties props = new GatewayProperties(null, null, null, null, Duration.ofSeconds(1), null, 30,
                new GatewayProperties.Uploads(DataSize.ofKilobytes(64), 10), new GatewayProperties.Pools(List.of()));
        artifacts = new Artifacts(new JobCode(root), new JobsProperties(List.of(), Map.of(), root,
                Duration.ofMillis(500), DataSize.ofMegabytes(1), new JobsProperties.Limits(16, null, null,
                DataSize.ofMegabytes(512)), List.of()), props, null, Clock.systemUTC(),
                JsonMapper.builder().build());
    }

    @Test
    void anUploadLandsInItsArtifactFolderAndNothingElseRemains() throws IOException {
        StoredCode stored = artifacts.store(new MockMultipartFile("code", "app.jar", "application/java-archive",
                "jar".getBytes()), "code");

        assertThat(stored.id()).matches("a-[0-9a-f]{16}");
        assertThat(stored.folder()).isEqualTo(new JobCode(root).artifact(stored.id()));
        assertThat(stored.folder().resolve("app.jar")).hasContent("jar");
        assertThat(stored.files()).containsExactly("app.jar");
        assertThat(stored.reference()).isEqualTo("kindling://artifacts/" + stored.id());
        assertThat(stored.folderUri()).startsWith("file:/").endsWith("/" + stored.id() + "/code/");
        assertThat(everything()).containsExactly(root.resolve(".incoming"), root.resolve(stored.id()),
                stored.folder(), stored.folder().resolve("app.jar"));

        artifacts.discard(stored);
        assertThat(Files.exists(root.resolve(stored.id()))).isFalse();
    }

    @Test
    void aRefusedUploadLeavesNothingBehind() throws IOException {
        byte[] tgz = Files.readAllBytes(new Archives.Tar().file("ok.py", "x".getBytes())
                .file("../escape.py", "x".getBytes()).gzip(dir.resolve("slip.tgz")));

        assertThatThrownBy(() -> artifacts.store(new MockMultipartFile("code", "src.tgz", null, tgz), "code"))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.code()).isEqualTo("ARCHIVE_ENTRY_UNSAFE");
                    assertThat(p.fields()).containsEntry("field", "code").containsEntry("entry", "../escape.py");
                });
        assertThat(everything()).containsExactly(root.resolve(".incoming"));
    }

    @Test
    void anEmptyPartIsRefused() {
        assertThatThrownBy(() -> artifacts.store(new MockMultipartFile("file", "app.jar", null, new byte[0]), "file"))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.code()).isEqualTo("INVALID_UPLOAD");
                    assertThat(p.fields()).containsEntry("field", "file");
                });
    }

    private List<Path> everything() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root)).sorted().toList();
        }
    }
}
