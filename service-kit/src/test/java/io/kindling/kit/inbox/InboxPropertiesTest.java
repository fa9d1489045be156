package io.kindling.kit.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InboxPropertiesTest {

    @Test
    void theDefaultWaitLeavesAMinuteOfKafkasDefaultPollInterval() {
        InboxProperties defaults = waiting(Duration.ofMinutes(4));
        assertThat(defaults.checkWithin(PollInterval.KAFKA_DEFAULT)).isSameAs(defaults);
    }

    @Test
    void aWaitThatCrowdsThePollIntervalIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> waiting(Duration.ofSeconds(270)).checkWithin(PollInterval.KAFKA_DEFAULT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kindling.inbox.wait-in-place (PT4M30S)")
                .hasMessageContaining("max.poll.interval.ms (PT5M, Kafka's default)");
    }

    @Test
    void theWaitFollowsAConfiguredPollInterval() {
        assertThat(waiting(Duration.ofMinutes(9)).checkWithin(interval(10))).isNotNull();
        assertThatThrownBy(() -> waiting(Duration.ofMinutes(4)).checkWithin(interval(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PT2M, some.setting");
        assertThat(waiting(Duration.ofSeconds(60)).checkWithin(interval(2))).isNotNull();
    }

    private static InboxProperties waiting(Duration waitInPlace) {
        return new InboxProperties(waitInPlace, Duration.ofDays(8));
    }

    @Test
    void aRetentionThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new InboxProperties(Duration.ofMinutes(4), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kindling.inbox.retention");
    }

    private static PollInterval interval(int minutes) {
        return new PollInterval(Duration.ofMinutes(minutes), "some.setting");
    }

    @Test
    void aNegativeWaitIsRefused() {
        assertThatThrownBy(() -> waiting(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }
}
