package io.kindling.kit.containment;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Addresses the control plane must not call on a user's behalf: its own host (loopback), the link-local network (a
 * cloud's metadata service at 169.254.169.254 or fd00:ec2::254), unspecified and multicast addresses. A URL a user or
 * a user's master gives that resolves to one of them would make Kindling a probe of its own network.
 */
public final class ControlPlaneAddresses {

    private ControlPlaneAddresses() {
    }

    /** What kind of refused address {@code address} is ("loopback", "link-local", ...), or empty when it is fine. */
    public static Optional<String> refusedKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && (bytes[0] & 0xff) == 0xfd && bytes[1] == 0 && (bytes[2] & 0xff) == 0x0e
                && (bytes[3] & 0xff) == 0xc2) {
            return Optional.of("metadata service");
        }
        return Optional.empty();
    }

    /** Whether every address {@code url}'s host resolves to is fine (false too when it does not resolve). */
    public static boolean allowed(URI url) {
        if (url.getHost() == null) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (refusedKind(address).isPresent()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
