package io.kindling.job.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders of the Kindling host a job spec may name by path (an absolute path or a {@code file:} URI), as an
 * operator configures them; none by default. Everything a user's job reads or writes is otherwise an artifact they
 * uploaded or a datastore their identity holds roles on: a host path would have Kindling read the host on a user's
 * behalf (another user's artifact, the signing key) and skip the role checks datastores have.
 *
 * <p>A path counts where it really is: its links are followed as far as it exists, so a link inside an allowed
 * folder that points out of it is refused. A refusal never says whether the path exists.
 */
public record HostPaths(List<Path> allowed) {

    public static final HostPaths NONE = new HostPaths(List.of());

    public HostPaths {
        List<Path> real = new ArrayList<>();
        for (Path prefix : allowed) {
            if (!prefix.isAbsolute()) {
                throw new IllegalArgumentException("a host path prefix must be absolute, was " + prefix);
            }
            real.add(real(prefix.normalize()));
        }
        allowed = List.copyOf(real);
    }

    /**
     * @param given as the spec wrote it, for the message
     * @throws InvalidJobSpecException {@code HOST_PATH_REFUSED}, naming {@code field}, unless {@code path} is
     *                                 inside an allowed folder
     */
    public Path check(Path path, String field, String given) {
        Path real = real(path.toAbsolutePath().normalize());
        if (allowed.stream().noneMatch(real::startsWith)) {
            throw new InvalidJobSpecException(JobSpecError.HOST_PATH_REFUSED, field, field + " '" + given
                    + "' is a path on the Kindling host, which " + (allowed.isEmpty() ? "this install lets no job name"
                    : "this install lets jobs name only under " + allowed) + "; upload it (POST /api/v1/artifacts, "
                    + "or with the job) or read it from a datastore (kindling://datastores/<name>/paths/<path>)");
        }
        return path;
    }

    /** {@code path} with the links of its longest existing part resolved. */
    private static Path real(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            // unreadable on the way: judged as written (it is then refused unless its text is under a prefix)
            return path;
        }
    }
}
