package io.kindling.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class TpchQueriesTest {

    private static final double TINY = 0.01;

    @TempDir
    static Path tmp;
    private static String stdout;
    private static TpchReference reference;

    @BeforeAll
    static void runTheJobOnceAndComputeTheAnswersInJava() throws Exception {
        stdout = LocalSpark.runCapturingStdout(
                () -> TpchQueries.main(new String[] {"0.01", tmp.resolve("out").toString()}));
        reference = TpchReference.compute(LineItems.generator(TINY, 1, 1));
    }

    @Test
    void printsTheTableSizeAndEachQuerysRowCountAndTime() {
        assertThat(stdout)
                .containsPattern("lineitem: " + reference.rows() + " rows at scale factor 0.01 in 2 parts, generated in \\d+ ms")
                .containsPattern("q1: 4 rows in \\d+ ms -> .*/out/q1")
                .containsPattern("q6: 1 rows in \\d+ ms -> .*/out/q6");
        assertThat(reference.rows()).isEqualTo(60_175);
    }

    @Test
    void q1GroupsEqualThePlainJavaAggregation() throws IOException {
        TpchAnswers.assertQ1Matches(tmp.resolve("out/q1"), reference);
    }

    @Test
    void q6RevenueEqualsThePlainJavaAggregation() throws IOException {
        TpchAnswers.assertQ6Matches(tmp.resolve("out/q6"), reference);
    }

    @Test
    void bothMatchTheAnswersPublishedForScaleFactor001() throws IOException {
        TpchAnswers.assertMatchPublished(tmp.resolve("out"));
    }

    @Test
    void theReferenceWithoutSparkSeesTheSameRowsAsTheJobsGenerator() {
        TpchReference standalone = TpchReference.atScaleFactor(TINY);

        assertThat(standalone.rows()).isEqualTo(reference.rows());
        assertThat(standalone.q1()).isEqualTo(reference.q1());
        assertThat(standalone.q6Revenue()).isEqualByComparingTo(reference.q6Revenue());
    }
}
