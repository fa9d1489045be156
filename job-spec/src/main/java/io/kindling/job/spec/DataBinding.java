package io.kindling.job.spec;

/**
 * One data input or output of the job, as written.
 *
 * @param name the key under {@code inputs} or {@code outputs}, as {@code args} refers to it
 * @param type a single file or a folder
 * @param path where the data is: an absolute local path, a {@code file:} URI or a datastore URI
 *             ({@code kindling://datastores/<name>/paths/<path>}); see {@link DataPaths}
 * @param mode how the data reaches the job; only {@code direct} is supported, which the validator checks
 */
public record DataBinding(String name, Type type, String path, String mode) {

    /** Mode used when the spec names none. */
    public static final String DIRECT = "direct";

    /** The kinds of data a spark job takes. */
    public enum Type {
        /** {@code uri_file}: a single file. */
        URI_FILE,
        /** {@code uri_folder}: a folder; the default when the spec names no type. */
        URI_FOLDER;

        /** As the spec writes it. */
        public String specName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
