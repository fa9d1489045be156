package io.kindling.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each job's real {@code main} in its own JVM: a bad command line prints the usage and exits 64, without Spark. */
class UsageExitTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "SparkPi;            zero;        usage: SparkPi [slices]",
        "WordCount;          /only-input; usage: WordCount <inputFolder> <outputFolder>",
        "TpchQueries;        -1 /out;     usage: TpchQueries <scaleFactor> <outputFolder> [queries]",
        "FailingJob;         extra;       usage: FailingJob",
        "SleepingJob;        forever;     usage: SleepingJob [seconds]"})
    void badArgumentsPrintTheUsageAndExit64(String job, String args, String usage) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.kindling.examples." + job));
        command.addAll(List.of(args.split(" ")));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(stderr).isEqualTo(JobArgs.EXIT_USAGE);
        assertThat(stderr).contains(usage);
    }
}
