package io.kindling.session.job;

/** Why a job did not succeed; the names are the {@code reason} of JobFailed and never change meaning. */
public enum FailureReason {
    /** The spec was refused (a job published on the bus never passed the gateway's checks). */
    INVALID_SPEC,
    /** Its conda environment could not be built. */
    ENVIRONMENT_FAILED,
    /** Its cluster could not be provisioned, or was lost while the job ran. */
    CLUSTER_FAILED,
    /** The driver exited non-zero, threw, or could not be launched. */
    DRIVER_FAILED,
    /** Killed on request. */
    KILLED
}
