package io.kindling.job.spec;

/**
 * A spark job spec Kindling refuses, with a stable {@link #code()} and the {@link #field()} at fault, so a user can
 * find the line to fix.
 */
public final class InvalidJobSpecException extends RuntimeException {

    private final JobSpecError code;
    private final String field;

    /**
     * @param code  why
     * @param field where, as a path into the spec: {@code conf.spark.executor.memory}, {@code inputs.raw.mode},
     *              {@code jars[1]}; {@code spec} when the whole text is at fault
     */
    public InvalidJobSpecException(JobSpecError code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public JobSpecError code() {
        return code;
    }

    public String field() {
        return field;
    }
}
