package io.kindling.gateway.pool;

import io.kindling.gateway.GatewayProperties;
import io.kindling.kit.containment.ControlPlaneAddresses;
import io.kindling.kit.problem.ApiProblem;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where a pool may be: every address a pool URL's host resolves to must be one the control plane may call on a
 * user's behalf. Loopback, link-local (the cloud metadata service), unspecified and multicast addresses are refused
 * with 400 {@code POOL_ADDRESS_REFUSED} unless {@code kindling.gateway.pools.allowed-addresses} covers them.
 */
@Component
class PoolAddresses {

    private final List<Block> allowed;

    @Autowired
    PoolAddresses(GatewayProperties props) {
        this(props.pools().allowedAddresses());
    }

    PoolAddresses(List<String> allowed) {
        this.allowed = allowed.stream().map(Block::parse).toList();
    }

    /** @throws ApiProblem 400 naming {@code field} when {@code url}'s host resolves to a refused address */
    void check(URI url, String field) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            throw ApiProblem.badRequest("POOL_UNREACHABLE", field + "'s host '" + url.getHost()
                    + "' does not resolve").with("field", field);
        }
        for (InetAddress address : addresses) {
            String kind = ControlPlaneAddresses.refusedKind(address).orElse(null);
            if (kind != null && allowed.stream().noneMatch(b -> b.contains(address))) {
                throw ApiProblem.badRequest("POOL_ADDRESS_REFUSED", field + "'s host '" + url.getHost()
                        + "' is " + address.getHostAddress() + ", a " + kind + " address; a pool must be on "
                        + "the network, not on the control plane's host or its metadata service (an operator may "
                        + "allow it: kindling.gateway.pools.allowed-addresses)").with("field", field);
            }
        }
    }

    /** An address or CIDR block. */
    private record Block(byte[] network, int prefix) {

        static Block parse(String text) {
            String[] parts = text.strip().split("/", 2);
            byte[] network;
            try {
                network = InetAddress.getByName(parts[0]).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("kindling.gateway.pools.allowed-addresses: '" + text
                        + "' is not an address or CIDR block");
            }
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("kindling.gateway.pools.allowed-addresses: '" + text
                        + "' has a prefix outside 0-" + network.length * 8);
            }
            return new Block(network, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int bits = network.length * 8;
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
            return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
