package io.kindling.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobArgsTest {

    @Test
    void sparkPiTakesAnOptionalSliceCount() {
        assertThat(SparkPi.Args.parse(new String[0]).slices()).isEqualTo(2);
        assertThat(SparkPi.Args.parse(new String[] {"8"}).slices()).isEqualTo(8);
        assertThatThrownBy(() -> SparkPi.Args.parse(new String[] {"0"}))
                .hasMessage("slices must be a whole number from 1 to 10000, got '0'");
        assertThatThrownBy(() -> SparkPi.Args.parse(new String[] {"many"}))
                .hasMessage("slices must be a whole number from 1 to 10000, got 'many'");
        assertThatThrownBy(() -> SparkPi.Args.parse(new String[] {"1", "2"}))
                .hasMessage("expected 0 to 1 arguments, got 2");
    }

    @Test
    void wordCountTakesTwoFolders() {
        assertThat(WordCount.Args.parse(new String[] {"/in/", "/out"})).isEqualTo(new WordCount.Args("/in", "/out"));
        assertThatThrownBy(() -> WordCount.Args.parse(new String[] {"/in"}))
                .hasMessage("expected 2 arguments, got 1");
        assertThatThrownBy(() -> WordCount.Args.parse(new String[] {"/in", " "}))
                .hasMessage("outputFolder must not be blank");
    }

    @Test
    void tpchQueriesTakesAScaleFactorAFolderAndOptionallyQueries() {
        TpchQueries.Args all = TpchQueries.Args.parse(new String[] {"0.01", "/out"});
        assertThat(all.scaleFactor()).isEqualTo(0.01);
        assertThat(all.queries()).containsExactly(TpchQuery.Q1, TpchQuery.Q6);
        assertThat(TpchQueries.Args.parse(new String[] {"1", "/out", "Q6"}).queries()).containsExactly(TpchQuery.Q6);
        assertThat(TpchQueries.Args.parse(new String[] {"1", "/out", "6,q1"}).queries())
                .containsExactly(TpchQuery.Q1, TpchQuery.Q6);
        assertThatThrownBy(() -> TpchQueries.Args.parse(new String[] {"0", "/out"}))
                .hasMessage("scaleFactor must be a number above 0 and at most 100000, got '0'");
        assertThatThrownBy(() -> TpchQueries.Args.parse(new String[] {"NaN", "/out"}))
                .hasMessageStartingWith("scaleFactor must be a number");
        assertThatThrownBy(() -> TpchQueries.Args.parse(new String[] {"1", "/out", "q1,q3"}))
                .hasMessage("unknown query 'q3'; known: q1, q6");
        assertThatThrownBy(() -> TpchQueries.Args.parse(new String[] {"1"}))
                .hasMessage("expected 2 to 3 arguments, got 1");
    }

    @Test
    void sleepingJobTakesOptionalSeconds() {
        assertThat(SleepingJob.Args.parse(new String[0]).seconds()).isEqualTo(SleepingJob.DEFAULT_SECONDS);
        assertThat(SleepingJob.Args.parse(new String[] {"5"}).seconds()).isEqualTo(5);
        assertThatThrownBy(() -> SleepingJob.Args.parse(new String[] {"-1"}))
                .hasMessage("seconds must be a whole number from 1 to 86400, got '-1'");
    }

    @Test
    void theQueryTextsAreThere() {
        assertThat(TpchQuery.Q1.sql()).contains("interval '90' day").contains("group by");
        assertThat(TpchQuery.Q6.sql()).contains("date '1994-01-01'").contains("l_quantity < 24");
    }

    @Test
    void wordCountSplitsOnNonLettersAndLowerCases() {
        List<String> words = new ArrayList<>();
        WordCount.words("  Don't STOP-me now: 42x Ünïcode").forEachRemaining(words::add);

        assertThat(words).containsExactly("don", "t", "stop", "me", "now", "x", "ünïcode");
    }
}
