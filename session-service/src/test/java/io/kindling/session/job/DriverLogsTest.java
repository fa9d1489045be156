package io.kindling.session.job;

import static org.assertj.core.api.Assertions.assertThat;

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
}
