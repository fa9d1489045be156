package io.kindling.examples;

import java.util.function.Function;

/**
 * Command-line checks shared by the example jobs. A job's {@code Args.parse} throws
 * {@link IllegalArgumentException} saying what is wrong; {@link #parseOrExit} prints that and the
 * job's usage to stderr and exits {@value #EXIT_USAGE}, before any SparkSession exists.
 */
final class JobArgs {

    /** Exit code for a bad command line (BSD {@code EX_USAGE}, as the session agent uses). */
    static final int EXIT_USAGE = 64;

    private JobArgs() {
    }

    static <T> T parseOrExit(String usage, String[] args, Function<String[], T> parser) {
        try {
            return parser.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: " + usage);
            System.exit(EXIT_USAGE);
            throw e;
        }
    }

    static void requireCount(String[] args, int min, int max) {
        if (args.length < min || args.length > max) {
            String expected = min == max ? String.valueOf(min) : min + " to " + max;
            throw new IllegalArgumentException("expected " + expected + " arguments, got " + args.length);
        }
    }

    static int intArg(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }

    static String pathArg(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value.endsWith("/") && value.length() > 1 ? value.substring(0, value.length() - 1) : value;
    }
}
