package io.kindling.job.spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code path} of an input or output into a local path. Three forms are understood:
 * <ul>
 *   <li>an absolute local path, {@code /data/raw/titanic.csv};</li>
 *   <li>a {@code file:} URI, {@code file:///data/raw/titanic.csv};</li>
 *   <li>a datastore URI, {@code kindling://datastores/<name>/paths/<path>}, resolved under the directory the
 *       workspace mounts datastore {@code <name>} at. Azure ML's own form,
 *       {@code azureml://datastores/<name>/paths/<path>}, reads the same, so specs written for Azure ML work
 *       unchanged.</li>
 * </ul>
 * Nothing is read from disk: a path that does not exist yet (an output) is fine.
 */
public final class DataPaths {

    private static final Pattern DATASTORE = Pattern.compile(
            "(?i:kindling|azureml)://datastores/([^/]+)/paths/?(.*)");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:.*");
    private static final String FORMS = "use an absolute path, a file: URI or "
            + "kindling://datastores/<name>/paths/<path>";

    private DataPaths() {
    }

    /** The datastore a path names ({@code kindling://datastores/<name>/paths/..}), if it names one. */
    public static java.util.Optional<String> datastoreOf(String path) {
        Matcher m = DATASTORE.matcher(path);
        return m.matches() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    /**
     * @param path       as the spec writes it
     * @param field      where, for errors: {@code inputs.raw.path}
     * @param datastores datastore name to its absolute local directory
     * @param hostPaths  the host folders this install lets jobs name ({@link HostPaths#NONE}: none)
     * @throws InvalidJobSpecException {@code UNKNOWN_DATASTORE}, {@code HOST_PATH_REFUSED} for a host path (absolute
     *                                 or {@code file:}) outside {@code hostPaths}, or {@code INVALID_FIELD} for any
     *                                 other form or a datastore path that leaves its datastore
     */
    public static Path resolve(String path, String field, Map<String, Path> datastores, HostPaths hostPaths) {
        Matcher m = DATASTORE.matcher(path);
        if (m.matches()) {
            Path root = datastores.get(m.group(1));
            if (root == null) {
                throw new InvalidJobSpecException(JobSpecError.UNKNOWN_DATASTORE, field, field + " '" + path
                        + "' names datastore '" + m.group(1) + "', which this workspace does not have; datastores: "
                        + datastores.keySet());
            }
            Path resolved = root.resolve(m.group(2)).normalize();
            if (!resolved.startsWith(root)) {
                throw SpecNode.invalid(field, "must stay inside datastore '" + m.group(1) + "'", path);
            }
            return resolved;
        }
        if (path.regionMatches(true, 0, "file:", 0, 5)) {
            Path local;
            try {
                local = Path.of(new URI(path)).normalize();
            } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
                throw SpecNode.invalid(field, "is not a local file: URI such as file:///data/input.csv", path);
            }
            return hostPaths.check(local, field, path);
        }
        if (path.startsWith("/")) {
            Path local = Path.of(path).normalize();
            return hostPaths.check(local, field, path);
        }
        if (SCHEME.matcher(path).matches()) {
            throw SpecNode.invalid(field, "uses a location Kindling cannot read; " + FORMS, path);
        }
        throw SpecNode.invalid(field, "is a relative path; " + FORMS, path);
    }
}
