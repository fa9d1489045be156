package io.kindling.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class SparkPiTest {

    @Test
    void printsPiToOneDecimal() throws Exception {
        String stdout = LocalSpark.runCapturingStdout(() -> SparkPi.main(new String[0]));

        assertThat(stdout).contains("Pi is roughly 3.1");
    }
}
