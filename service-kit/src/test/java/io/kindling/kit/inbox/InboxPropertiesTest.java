package io.kindling.kit.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InboxPropertiesTest {

    @Test
    void theDefaultWaitLeavesAMinuteOfKafkasDefaultPollInterval() {
        InboxProperties defaults = new InboxProperties(Duration.ofMinutes(4));
        assertThat(defaults.checkWithin(InboxProperties.KAFKA_MAX_POLL_INTERVAL)).isSameAs(defaults);
    }

    @Test
    void aWaitThatCrowdsThePollIntervalIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> new InboxProperties(Duration.ofSeconds(270)).checkWithin(Duration.ofMinutes(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kindling.inbox.wait-in-place (PT4M30S)")
                .hasMessageContaining(InboxProperties.MAX_POLL_INTERVAL);
    }

    @Test
    void theWaitFollowsAConfiguredPollInterval() {
        assertThat(new InboxProperties(Duration.ofMinutes(9)).checkWithin(Duration.ofMinutes(10))).isNotNull();
        assertThatThrownBy(() -> new InboxProperties(Duration.ofMinutes(4)).checkWithin(Duration.ofMinutes(2)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(new InboxProperties(Duration.ofSeconds(60)).checkWithin(Duration.ofMinutes(2))).isNotNull();
    }

    @Test
    void aNegativeWaitIsRefused() {
        assertThatThrownBy(() -> new InboxProperties(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }
}
