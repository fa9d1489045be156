package io.kindling.kit.environment;

/** This install cannot build session environments (no usable Python interpreter); says why. */
public class EnvironmentsUnavailableException extends RuntimeException {

    public EnvironmentsUnavailableException(String message) {
        super(message);
    }
}
