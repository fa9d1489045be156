package io.kindling.gateway.artifact;

/** Why uploaded code is refused. The names are stable: they are the {@code code} of the 400 problem. */
public enum UploadError {
    /** No file, an empty file, or a file name that is not a plain name ({@code app.jar}, {@code src.zip}). */
    INVALID_UPLOAD,
    /** The archive cannot be read as what its name says, has an entry twice, or an entry of an unsupported kind. */
    ARCHIVE_MALFORMED,
    /**
     * An entry would land outside the code folder (an absolute path, a {@code ..} segment) or is a link or a
     * device: nothing of the archive is kept.
     */
    ARCHIVE_ENTRY_UNSAFE,
    /** The archive extracts to more than {@code kindling.gateway.uploads.max-extracted-size}. */
    ARCHIVE_TOO_LARGE,
    /** The archive holds more than {@code kindling.gateway.uploads.max-entries} files and folders. */
    ARCHIVE_TOO_MANY_ENTRIES
}
