package io.kindling.job.spec;

/** The checks every spark job spec passes before a job is started. */
public final class JobSpecs {

    private JobSpecs() {
    }

    /**
     * Parses {@code text} (YAML or JSON) and checks it against the workspace.
     *
     * @throws InvalidJobSpecException naming the field at fault
     */
    public static ValidatedJob validate(String text, JobSpecContext context) {
        return JobSpecValidator.validate(JobSpecParser.parse(text), context);
    }
}
