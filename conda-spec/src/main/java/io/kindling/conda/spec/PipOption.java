package io.kindling.conda.spec;

/**
 * An option line of the {@code pip:} list.
 *
 * @param flag  the long flag without dashes: {@code index-url}, {@code extra-index-url}, {@code find-links},
 *              {@code no-index} or {@code pre}
 * @param value its URL or path, or {@code null} for a switch
 * @param entry where it is in the spec
 */
public record PipOption(String flag, String value, String entry) {

    /** Whether the option names a place packages are downloaded from. */
    public boolean isSource() {
        return value != null;
    }

    /** As pip takes it on its command line. */
    public java.util.List<String> arguments() {
        return value == null ? java.util.List.of("--" + flag) : java.util.List.of("--" + flag, value);
    }
}
