package io.kindling.kit.containment;

import io.kindling.kit.containment.ContainmentProperties.Mode;

/**
 * Decides, once at start, whether user code runs isolated: what the operator asked for against what the host
 * offers. A single-user install that cannot isolate runs in the open and says so; a multi-user install refuses
 * unless the operator opted out by name ({@code kindling.containment.allow-unisolated}).
 */
public final class ContainmentPolicy {

    private ContainmentPolicy() {
    }

    /**
     * @return true to isolate, false to run user code as this service's user, on its network
     * @throws ContainmentRefusedException when user code must not run here as configured
     */
    public static boolean isolate(ContainmentProperties props, HostIsolation host) {
        if (props.mode() == Mode.ISOLATED && !host.possible()) {
            throw new ContainmentRefusedException("kindling.containment.mode is isolated, but this host cannot isolate"
                    + " user code: " + String.join("; ", host.missing()));
        }
        boolean isolate = props.mode() == Mode.ISOLATED || props.mode() == Mode.AUTO && host.possible();
        if (!isolate && props.multiUser() && !props.allowUnisolated()) {
            String why = props.mode() == Mode.SINGLE_USER ? "kindling.containment.mode is single-user"
                    : "this host cannot isolate user code (" + String.join("; ", host.missing()) + ")";
            throw new ContainmentRefusedException("this install has several users (kindling.containment.multi-user)"
                    + " and would run their code unisolated: " + why + ". Every user could read the others' data"
                    + " and the control plane's secrets. Isolate (run as root with util-linux and iproute2), or set"
                    + " kindling.containment.allow-unisolated=true to accept that");
        }
        return isolate;
    }
}
