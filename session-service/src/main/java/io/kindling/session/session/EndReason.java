package io.kindling.session.session;

/** Why a session ended. */
public enum EndReason {
    /** The user stopped it. */
    STOPPED_BY_USER,
    /** Inactive for longer than its timeout. */
    TIMED_OUT,
    /** Its conda environment could not be built. */
    ENVIRONMENT_FAILED,
    /** Its cluster could not be provisioned or died. */
    CLUSTER_FAILED,
    /** Its driver (session agent) could not start or died. */
    DRIVER_LOST
}
