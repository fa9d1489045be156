package io.kindling.kit.containment;

/** This install must not run user code on this host as configured: it does not start. */
public class ContainmentRefusedException extends IllegalStateException {

    public ContainmentRefusedException(String message) {
        super(message);
    }
}
