package io.kindling.session.statement;

import java.util.Locale;

/** Livy's statement states. */
public enum StatementState {
    /** Accepted, not yet sent to the driver. */
    WAITING,
    /** Running on the driver. */
    RUNNING,
    /** Finished; its output holds the result or the error. */
    AVAILABLE,
    /** A cancel was asked for; the driver is stopping its jobs. */
    CANCELLING,
    /** Cancelled before it finished. */
    CANCELLED,
    /** It could not run at all (its driver was lost). */
    ERROR;

    public boolean isFinished() {
        return this == AVAILABLE || this == CANCELLED || this == ERROR;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
