package io.kindling.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class PipeTest {

    @Test
    void theCommandAndItsArgumentsAreKeptWordForWord() {
        Pipe.Args args = Pipe.Args.parse(new String[] {"3", "sh", "-c", "echo \"a  b\""});

        assertThat(args.partitions()).isEqualTo(3);
        assertThat(args.command()).containsExactly("sh", "-c", "echo \"a  b\"");
        assertThatThrownBy(() -> Pipe.Args.parse(new String[] {"3"})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pipe.Args.parse(new String[] {"0", "cat"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Tag("integration")
    void eachPartitionRunsTheCommandOnItsNumbers() throws Exception {
        String stdout = LocalSpark.runCapturingStdout(() -> Pipe.main(new String[] {"2", "sh", "-c",
                "while read n; do echo \"got $n in $(basename \"$PWD\")\"; done"}));

        assertThat(stdout.lines().filter(line -> line.startsWith("pipe: ")).toList())
                .hasSize(2).allMatch(line -> line.matches("pipe: got [01] in .+"))
                .anyMatch(line -> line.startsWith("pipe: got 0")).anyMatch(line -> line.startsWith("pipe: got 1"));
    }
}
