package io.kindling.agent.driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a standalone master still accepts connections. A SparkContext does not stop when its
 * master dies (the app client waits for the master to come back, executors keep running), so the
 * {@link Watchdog} probes the master's port itself.
 */
final class MasterProbe {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final String url;
    private final List<InetSocketAddress> masters;

    private MasterProbe(String url, List<InetSocketAddress> masters) {
        this.url = url;
        this.masters = masters;
    }

    /**
     * The masters of a {@code spark.master} URL: {@code spark://h:p} or {@code spark://h1:p1,h2:p2};
     * none for any other master ({@code local[*]}, {@code k8s://...}).
     */
    static MasterProbe of(String sparkMaster) {
        List<InetSocketAddress> masters = new ArrayList<>();
        if (sparkMaster != null && sparkMaster.startsWith("spark://")) {
            for (String hostPort : sparkMaster.substring("spark://".length()).split(",")) {
                int colon = hostPort.lastIndexOf(':');
                if (colon > 0) {
                    masters.add(InetSocketAddress.createUnresolved(hostPort.substring(0, colon),
                            Integer.parseInt(hostPort.substring(colon + 1).trim())));
                }
            }
        }
        return new MasterProbe(sparkMaster, List.copyOf(masters));
    }

    List<InetSocketAddress> masters() {
        return masters;
    }

    /** The {@code spark.master} URL probed. */
    String url() {
        return url;
    }

    /** True if there is no master to probe or at least one accepts a TCP connection. */
    boolean reachable() {
        if (masters.isEmpty()) {
            return true;
        }
        for (InetSocketAddress master : masters) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(master.getHostString(), master.getPort()),
                        (int) CONNECT_TIMEOUT.toMillis());
                return true;
            } catch (IOException e) {
                // try the next master
            }
        }
        return false;
    }
}
