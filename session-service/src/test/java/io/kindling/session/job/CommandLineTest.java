package io.kindling.session.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void splitsOnWhitespaceLikeAShell() {
        assertThat(CommandLine.split("  --in /data/raw   --out\t/data/out\n --rate 0.01 "))
                .containsExactly("--in", "/data/raw", "--out", "/data/out", "--rate", "0.01");
    }

    @Test
    void quotesKeepSpacesAndExpandNothing() {
        assertThat(CommandLine.split("--name 'two words' --msg \"say \\\"hi\\\" $HOME\" a\\ b ''"))
                .containsExactly("--name", "two words", "--msg", "say \"hi\" $HOME", "a b", "");
    }

    @Test
    void noArgsIsNoWords() {
        assertThat(CommandLine.split(null)).isEmpty();
        assertThat(CommandLine.split("   ")).isEmpty();
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThatThrownBy(() -> CommandLine.split("--name 'oops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed");
    }
}
