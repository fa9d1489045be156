package io.kindling.gateway.artifact;

import io.kindling.gateway.GatewayProperties;
import io.kindling.kit.jdbc.SqlTime;
import io.kindling.kit.job.JobCode;
import io.kindling.kit.job.JobsProperties;
import io.kindling.kit.problem.ApiProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploaded job code on disk and its record. An upload is extracted into a staging folder under the artifacts
 * directory and moved into place ({@code <id>/code}) in one rename, so a reader never sees half an artifact; a
 * refused upload leaves nothing behind.
 */
@Component
public class Artifacts {

    /** Who made an artifact: {@code POST /api/v1/artifacts}, or the {@code code} part of a job submission. */
    public enum Origin { ARTIFACT, JOB }

    private static final Logger log = LoggerFactory.getLogger(Artifacts.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration ABANDONED = Duration.ofHours(1);

    private final JobCode jobCode;
    private final Path staging;
    private final GatewayProperties.Uploads limits;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final JsonMapper json;

    Artifacts(JobCode jobCode, JobsProperties jobs, GatewayProperties props, JdbcClient jdbc, Clock clock,
              JsonMapper json) {
        this.jobCode = jobCode;
        this.staging = jobs.artifactsDir().toAbsolutePath().normalize().resolve(".incoming");
        this.limits = props.uploads();
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
        sweepAbandoned();
    }

    /**
     * Extracts (or keeps) an uploaded file as a new artifact folder.
     *
     * @param field the request part it came in, named by a refusal
     * @throws ApiProblem 400 with an {@link UploadError} code when the upload is refused
     */
    public StoredCode store(MultipartFile file, String field) {
        if (file == null || file.isEmpty()) {
            throw ApiProblem.badRequest(UploadError.INVALID_UPLOAD.name(), "part '" + field + "' is empty; send the "
                    + "code as a file (curl -F " + field + "=@app.jar)").with("field", field);
        }
        String id = "a-" + HexFormat.of().formatHex(randomBytes());
        Path work = staging.resolve(UUID.randomUUID().toString());
        try {
            Path upload = Files.createDirectories(work).resolve("upload");
            file.transferTo(upload);
            Path code = Files.createDirectories(work.resolve("artifact").resolve("code"));
            CodeArchive.Extracted extracted = CodeArchive.extract(upload, file.getOriginalFilename(), code,
                    limits.maxExtractedSize().toBytes(), limits.maxEntries());
            Path folder = jobCode.artifact(id);
            Files.createDirectories(folder.getParent().getParent());
            Files.move(work.resolve("artifact"), folder.getParent(), StandardCopyOption.ATOMIC_MOVE);
            return new StoredCode(id, folder, CodeArchive.plainName(file.getOriginalFilename()), extracted.files(),
                    extracted.bytes(), extracted.single());
        } catch (UploadRefusedException e) {
            ApiProblem problem = ApiProblem.badRequest(e.error().name(), e.getMessage()).with("field", field);
            if (e.entry() != null) {
                problem.with("entry", e.entry());
            }
            throw problem;
        } catch (IOException e) {
            throw new UncheckedIOException("storing upload " + file.getOriginalFilename() + " as " + id, e);
        } finally {
            delete(work);
        }
    }

    /** Records a stored artifact; in the caller's transaction when there is one. */
    public void record(String owner, StoredCode code, Origin origin) {
        jdbc.sql("INSERT INTO artifact (id, owner, origin, file_name, files, size_bytes, created_at) "
                        + "VALUES (:id, :owner, :origin, :name, CAST(:files AS jsonb), :size, :at)")
                .param("id", code.id()).param("owner", owner).param("origin", origin.name())
                .param("name", code.fileName()).param("files", json.writeValueAsString(code.files()))
                .param("size", code.bytes()).param("at", SqlTime.of(clock.instant())).update();
    }

    /** Removes an artifact that was stored but not accepted. */
    public void discard(StoredCode code) {
        delete(code.folder().getParent());
    }

    /** An artifact as recorded. */
    public record Recorded(String id, String fileName, List<String> files, long bytes, Instant createdAt) {
    }

    /** The artifact {@code id} if {@code owner} uploaded it. */
    public Optional<Recorded> find(String id, String owner) {
        return jdbc.sql("SELECT file_name, files::text, size_bytes, created_at FROM artifact "
                        + "WHERE id = :id AND owner = :owner")
                .param("id", id).param("owner", owner)
                .query((rs, i) -> new Recorded(id, rs.getString(1),
                        List.of(json.readValue(rs.getString(2), String[].class)), rs.getLong(3),
                        rs.getTimestamp(4).toInstant()))
                .optional();
    }

    /** Whether {@code owner} uploaded the artifact {@code id}. */
    public boolean ownedBy(String id, String owner) {
        return jdbc.sql("SELECT count(*) FROM artifact WHERE id = :id AND owner = :owner")
                .param("id", id).param("owner", owner).query(Long.class).single() > 0;
    }

    /** Staging folders a crash left behind. */
    private void sweepAbandoned() {
        if (!Files.isDirectory(staging)) {
            return;
        }
        Instant before = clock.instant().minus(ABANDONED);
        try (Stream<Path> folders = Files.list(staging)) {
            folders.filter(f -> {
                try {
                    return Files.getLastModifiedTime(f).toInstant().isBefore(before);
                } catch (IOException e) {
                    return false;
                }
            }).forEach(Artifacts::delete);
        } catch (IOException e) {
            log.warn("cannot sweep abandoned uploads in {}: {}", staging, e.getMessage());
        }
    }

    private static void delete(Path path) {
        try {
            FileSystemUtils.deleteRecursively(path);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", path, e.getMessage());
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
