package io.kindling.gateway.artifact;

import java.nio.file.Path;
import java.util.List;

/**
 * Uploaded code in its artifact folder, not yet recorded.
 *
 * @param id       the artifact id, {@code a-} and 16 hex digits
 * @param folder   {@code <kindling.jobs.artifacts-dir>/<id>/code}
 * @param fileName the uploaded file's name
 * @param files    the files in the folder, relative, sorted
 * @param bytes    their total size
 * @param single   the upload was kept as one file (not an archive)
 */
public record StoredCode(String id, Path folder, String fileName, List<String> files, long bytes, boolean single) {

    public StoredCode {
        files = List.copyOf(files);
    }

    /** {@code kindling://artifacts/<id>}, as a spec's {@code code} names it. */
    public String reference() {
        return "kindling://artifacts/" + id;
    }

    /** The folder as a {@code file:} URI. */
    public String folderUri() {
        return folder.toUri().toString();
    }
}
