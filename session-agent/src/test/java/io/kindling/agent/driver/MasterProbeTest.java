package io.kindling.agent.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class MasterProbeTest {

    @Test
    void readsOneOrSeveralStandaloneMasters() {
        assertThat(MasterProbe.of("spark://127.0.0.1:7077").masters())
                .containsExactly(InetSocketAddress.createUnresolved("127.0.0.1", 7077));
        assertThat(MasterProbe.of("spark://h1:7077,h2:7078").masters()).hasSize(2);
    }

    @Test
    void probesNothingForOtherMasters() {
        assertThat(MasterProbe.of("local[2]").masters()).isEmpty();
        assertThat(MasterProbe.of("local[2]").reachable()).isTrue();
    }

    @Test
    void reachableOnlyWhileTheMasterPortAcceptsConnections() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            assertThat(MasterProbe.of("spark://127.0.0.1:" + port).reachable()).isTrue();
        }
        assertThat(MasterProbe.of("spark://127.0.0.1:" + port).reachable()).isFalse();
    }
}
