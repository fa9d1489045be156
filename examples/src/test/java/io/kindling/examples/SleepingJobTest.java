package io.kindling.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class SleepingJobTest {

    @Test
    void everyTaskSleepsTheGivenSeconds() throws Exception {
        String stdout = LocalSpark.runCapturingStdout(() -> SleepingJob.main(new String[] {"1"}));

        assertThat(stdout).contains("SleepingJob: 2 tasks sleeping 1 s").containsPattern("SleepingJob: done after \\d+ ms");
        long millis = Long.parseLong(stdout.replaceAll("(?s).*done after (\\d+) ms.*", "$1"));
        assertThat(millis).isGreaterThanOrEqualTo(1000);
    }
}
