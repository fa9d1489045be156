package io.kindling.provisioning.backend;

/** A cluster could not be provisioned; {@code reason} is a stable code, the message says what was pending. */
public class ProvisioningException extends RuntimeException {

    private final String reason;

    public ProvisioningException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ProvisioningException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
