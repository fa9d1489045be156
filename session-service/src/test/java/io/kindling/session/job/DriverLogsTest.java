package io.kindling.session.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DriverLogsTest {

    @Test
    void theWorkersHeaderIsDroppedAndTellsHowMuchWasSkipped() {
        DriverLogs.Tail tail = DriverLogs.parse("==== Bytes 1024-2048 of 2048 of /w/driver-1/stdout ====\n"
                + "Pi is roughly 3.14\n");

        assertThat(tail.text()).isEqualTo("Pi is roughly 3.14\n");
        assertThat(tail.skipped()).isEqualTo(1024);
    }

    @Test
    void aBodyWithoutHeaderIsKeptWhole() {
        assertThat(DriverLogs.parse("just text\nmore\n")).isEqualTo(new DriverLogs.Tail("just text\nmore\n", 0));
    }

    @Test
    void aWorkerUiTheMasterAdvertisesIsFetchedOnlyOnItsHostOrOnTheNetwork() {
        URI local = URI.create("http://127.0.0.1:8080");
        URI pool = URI.create("http://10.0.0.5:8080");

        // Kindling's own clusters: master and workers on loopback
        assertThat(DriverLogs.advertised(local, "http://127.0.0.1:40123")).contains("http://127.0.0.1:40123");
        // a pool's workers on other hosts of its network
        assertThat(DriverLogs.advertised(pool, "http://10.0.0.6:8081")).contains("http://10.0.0.6:8081");
        // a pool's master that names the control plane's loopback, the metadata service, or something not HTTP
        assertThat(DriverLogs.advertised(pool, "http://127.0.0.1:8081")).isEmpty();
        assertThat(DriverLogs.advertised(pool, "http://169.254.169.254/latest/meta-data")).isEmpty();
        assertThat(DriverLogs.advertised(pool, "file:///etc/passwd")).isEmpty();
        assertThat(DriverLogs.advertised(pool, "not a url")).isEmpty();
    }
}
