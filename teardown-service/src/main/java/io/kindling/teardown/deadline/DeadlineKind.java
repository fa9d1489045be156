package io.kindling.teardown.deadline;

/** What a deadline is for. */
public enum DeadlineKind {
    /** A session's inactivity timeout: SessionExpired when due. */
    SESSION_EXPIRY,
    /** A WARM cluster's grace period: TeardownDue when due. */
    CLUSTER_TEARDOWN
}
