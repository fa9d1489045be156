package io.kindling.gateway.artifact;

/** Uploaded code that is not kept, with why and, for an archive, the entry at fault (or {@code null}). */
public final class UploadRefusedException extends RuntimeException {

    private final UploadError error;
    private final String entry;

    UploadRefusedException(UploadError error, String entry, String message) {
        super(message);
        this.error = error;
        this.entry = entry;
    }

    public UploadError error() {
        return error;
    }

    public String entry() {
        return entry;
    }
}
