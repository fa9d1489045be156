package io.kindling.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class FailingJobTest {

    @Test
    void failsWithThePlannedMessageAfterOneSparkJob() {
        AtomicReference<String> stdout = new AtomicReference<>();

        assertThatThrownBy(() -> stdout.set(LocalSpark.runCapturingStdout(() -> FailingJob.main(new String[0]))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("planned failure: ");
        assertThat(stdout.get()).isNull();
    }
}
