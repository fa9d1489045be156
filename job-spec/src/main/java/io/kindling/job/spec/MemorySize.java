package io.kindling.job.spec;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark memory setting such as {@code 2g} or {@code 512m}: digits and a unit {@code k}, {@code m}, {@code g},
 * {@code t} or {@code p}, in either case. Azure ML requires the unit, so a bare {@code 2048} is refused (Spark
 * would read it as mebibytes).
 *
 * @param text       as written
 * @param mebibytes  the size in MiB, kibibytes rounded up
 */
public record MemorySize(String text, long mebibytes) {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)([kmgtp])", Pattern.CASE_INSENSITIVE);

    /** @throws InvalidJobSpecException {@code INVALID_MEMORY} naming {@code field} */
    static MemorySize parse(String text, String field) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw invalid(field, field + " '" + text + "' is not a memory size: digits and a unit k, m, g, t or p, "
                    + "such as 2g or 512m (Azure ML requires the unit)");
        }
        try {
            long amount = Long.parseLong(m.group(1));
            long mebibytes = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> (amount + 1023) / 1024;
                case "m" -> amount;
                case "g" -> Math.multiplyExact(amount, 1024L);
                case "t" -> Math.multiplyExact(amount, 1024L * 1024);
                default -> Math.multiplyExact(amount, 1024L * 1024 * 1024);
            };
            if (mebibytes == 0) {
                throw invalid(field, field + " '" + text + "' is no memory at all; give a size such as 2g");
            }
            return new MemorySize(text, mebibytes);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(field, field + " '" + text + "' is too large to be a memory size");
        }
    }

    private static InvalidJobSpecException invalid(String field, String message) {
        return new InvalidJobSpecException(JobSpecError.INVALID_MEMORY, field, message);
    }
}
