package io.kindling.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class WordCountTest {

    @TempDir
    Path tmp;

    @Test
    void countsEveryWordOfEveryFileUnderTheFolder() throws Exception {
        Files.createDirectories(tmp.resolve("in/nested"));
        Files.writeString(tmp.resolve("in/a.txt"), "The quick brown fox -- the lazy dog!\nTHE END.\n");
        Files.writeString(tmp.resolve("in/nested/b.txt"), "Fox? fox;dog2dog\nStraße, café\n");
        Path output = tmp.resolve("out");

        String stdout = LocalSpark.runCapturingStdout(
                () -> WordCount.main(new String[] {tmp.resolve("in").toString(), output.toString()}));

        assertThat(stdout).contains("WordCount: 15 words (9 distinct) in 2 files under " + tmp.resolve("in"));
        assertThat(output.resolve("_SUCCESS")).exists();
        List<Path> parts;
        try (Stream<Path> files = Files.list(output)) {
            parts = files.filter(file -> file.getFileName().toString().startsWith("part-")).toList();
        }
        assertThat(parts).hasSize(1);
        assertThat(Files.readAllLines(parts.get(0))).containsExactly(
                "dog\t3",
                "fox\t3",
                "the\t3",
                "brown\t1",
                "café\t1",
                "end\t1",
                "lazy\t1",
                "quick\t1",
                "straße\t1");
    }
}
