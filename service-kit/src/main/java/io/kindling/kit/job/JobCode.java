package io.kindling.kit.job;

import io.kindling.job.spec.HostPaths;
import io.kindling.job.spec.InvalidJobSpecException;
import io.kindling.job.spec.JobEntry;
import io.kindling.job.spec.JobSpec;
import io.kindling.job.spec.JobSpecError;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a job's code and the files its spec names. The code is, in this order: what was uploaded with the job (the
 * {@code code} of JobSubmitted, a {@code file:} URI); else the spec's {@code code} when it is an uploaded artifact
 * ({@code kindling://artifacts/<id>}), an absolute path or a {@code file:} URI on this host in a folder the operator
 * allows ({@link HostPaths}; none by default). A relative
 * {@code code} such as {@code ./src} is a folder on the submitter's machine: it must come with the request.
 *
 * <p>The code is a folder or a single jar. Entries of {@code jars}, {@code files}, {@code archives} and
 * {@code py_files} and a Python {@code entry.file} are relative to the folder (and may not leave it, by name or by
 * link), or absolute in an allowed host folder.
 * A class-name job runs from its first jar, or from the code itself when that is a jar. An {@code environment}'s
 * {@code conda_file} is found the same way, and read.
 */
public final class JobCode {

    /** {@code kindling://artifacts/<id>}: code uploaded before, through {@code POST /api/v1/artifacts}. */
    public static final Pattern ARTIFACT = Pattern.compile("(?i:kindling)://artifacts/([A-Za-z0-9][A-Za-z0-9._-]*)/?");

    /** Far more than any real conda spec; the whole text travels in JobAccepted. */
    static final long MAX_CONDA_FILE_BYTES = 256 * 1024;

    private final Path artifactsDir;
    private final HostPaths hostPaths;

    /** Code that names no host path: uploads and artifacts only. */
    public JobCode(Path artifactsDir) {
        this(artifactsDir, HostPaths.NONE);
    }

    /** @param hostPaths the host folders a spec may name code, files and conda files in */
    public JobCode(Path artifactsDir, HostPaths hostPaths) {
        this.artifactsDir = artifactsDir.toAbsolutePath().normalize();
        this.hostPaths = hostPaths;
    }

    /** The folder (or jar) an uploaded artifact's code is kept in. */
    public Path artifact(String id) {
        return artifactsDir.resolve(id).resolve("code");
    }

    /**
     * @param uploaded the {@code code} the job was submitted with, or {@code null}
     * @throws InvalidJobSpecException {@code FILE_NOT_FOUND} or {@code INVALID_FIELD}, naming the field
     */
    public JobFiles resolve(JobSpec spec, String uploaded) {
        Path code = codeRoot(spec, uploaded);
        List<String> jars = entries(spec.jars(), "jars", code);
        List<String> files = entries(spec.files(), "files", code);
        List<String> archives = entries(spec.archives(), "archives", code);
        List<String> pyFiles = entries(spec.pyFiles(), "py_files", code);
        String app;
        if (spec.entry().kind() == JobEntry.Kind.FILE) {
            app = entry(spec.entry().value(), "entry.file", code);
        } else if (!jars.isEmpty()) {
            app = jars.get(0);
        } else if (code != null && Files.isRegularFile(code) && code.toString().endsWith(".jar")) {
            app = code.toUri().toString();
            jars = List.of(app);
        } else {
            throw new InvalidJobSpecException(JobSpecError.MISSING_FIELD, "jars", "entry.class_name '"
                    + spec.entry().value() + "' needs the jar that has it: list it in jars, or upload the jar as the "
                    + "job's code");
        }
        return new JobFiles(app, jars, files, archives, pyFiles, conda(spec, code));
    }

    /** The conda spec text of the job's environment: written inline, or read from its file; {@code null} for none. */
    private String conda(JobSpec spec, Path code) {
        if (spec.environment() == null) {
            return null;
        }
        String inline = spec.environment().inlineConda();
        if (inline != null) {
            return inline;
        }
        String field = "environment.conda_file";
        Path file = local(entry(spec.environment().condaFile(), field, code), field);
        try {
            if (Files.size(file) > MAX_CONDA_FILE_BYTES) {
                throw new InvalidJobSpecException(JobSpecError.INVALID_FIELD, field, field + " '"
                        + spec.environment().condaFile() + "' is larger than " + MAX_CONDA_FILE_BYTES / 1024
                        + " KiB; a conda spec lists packages, not data");
            }
            return Files.readString(file);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new InvalidJobSpecException(JobSpecError.INVALID_FIELD, field, field + " '"
                    + spec.environment().condaFile() + "' cannot be read as UTF-8 text: " + e.getMessage());
        }
    }

    private Path codeRoot(JobSpec spec, String uploaded) {
        if (uploaded != null) {
            Path path = local(uploaded, "code");
            if (!Files.exists(path)) {
                throw notFound("code", "the uploaded code " + uploaded + " is not there (any more)");
            }
            return path;
        }
        String code = spec.code();
        if (code == null || code.isBlank()) {
            return null;
        }
        Matcher artifact = ARTIFACT.matcher(code.strip());
        Path path;
        if (artifact.matches()) {
            path = artifact(artifact.group(1));
            if (!Files.exists(path)) {
                throw notFound("code", "code '" + code + "' names no uploaded artifact; upload it first with "
                        + "POST /api/v1/artifacts, or send it with the job (multipart part 'code')");
            }
            return path;
        }
        if (!code.startsWith("/") && !code.regionMatches(true, 0, "file:", 0, 5)) {
            throw notFound("code", "code '" + code + "' is a folder on the submitting machine; send it with the job "
                    + "(multipart part 'code'), upload it first (POST /api/v1/artifacts, then code: "
                    + "kindling://artifacts/<id>), or give an absolute path on the Kindling host");
        }
        path = hostPaths.check(local(code, "code"), "code", code);
        if (!Files.exists(path)) {
            throw notFound("code", "code '" + code + "' does not exist on the Kindling host");
        }
        return path;
    }

    private List<String> entries(List<String> entries, String field, Path code) {
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            uris.add(entry(entries.get(i), field + "[" + i + "]", code));
        }
        return uris;
    }

    /** One file entry as a URI; an archive keeps its {@code #alias}. */
    private String entry(String entry, String field, Path code) {
        int hash = entry.indexOf('#');
        String name = hash < 0 ? entry : entry.substring(0, hash);
        String alias = hash < 0 ? "" : entry.substring(hash);
        Path path;
        if (name.startsWith("/") || name.regionMatches(true, 0, "file:", 0, 5)) {
            path = hostPaths.check(local(name, field), field, entry);
        } else {
            if (code == null || !Files.isDirectory(code)) {
                throw notFound(field, field + " '" + entry + "' is relative, but the job has no code folder to find "
                        + "it in");
            }
            path = code.resolve(name).normalize();
            if (!path.startsWith(code)) {
                throw new InvalidJobSpecException(JobSpecError.INVALID_FIELD, field, field + " '" + entry
                        + "' leaves the code folder");
            }
        }
        if (!Files.exists(path)) {
            throw notFound(field, field + " '" + entry + "' is not " + (code != null && !name.startsWith("/")
                    ? "in the job's code" : "on the Kindling host"));
        }
        if (code != null && path.startsWith(code) && !inside(path, code)) {
            throw new InvalidJobSpecException(JobSpecError.INVALID_FIELD, field, field + " '" + entry
                    + "' leaves the code folder");
        }
        return path.toUri() + alias;
    }

    /** Whether {@code path} is in {@code folder} where both really are (a link in the folder may point out). */
    private static boolean inside(Path path, Path folder) {
        try {
            return path.toRealPath().startsWith(folder.toRealPath());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Path local(String location, String field) {
        try {
            return (location.startsWith("/") ? Path.of(location) : Path.of(new URI(location))).toAbsolutePath()
                    .normalize();
        } catch (Exception e) {
            throw new InvalidJobSpecException(JobSpecError.INVALID_FIELD, field, field + " '" + location
                    + "' is not a local path or file: URI");
        }
    }

    private static InvalidJobSpecException notFound(String field, String message) {
        return new InvalidJobSpecException(JobSpecError.FILE_NOT_FOUND, field, message);
    }
}
