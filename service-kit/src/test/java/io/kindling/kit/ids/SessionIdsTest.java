package io.kindling.kit.ids;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionIdsTest {

    @Test
    void onlyTheGatewaysFormIsASessionId() {
        assertThat(SessionIds.isSessionId("s-0123456789abcdef")).isTrue();
        assertThat(SessionIds.isSessionId("s-0123456789ABCDEF")).isFalse();
        assertThat(SessionIds.isSessionId("s-0123456789abcde")).isFalse();
        assertThat(SessionIds.isSessionId("j-0123456789abcdef")).isFalse();
        assertThat(SessionIds.isSessionId("nightly-etl")).isFalse();
        assertThat(SessionIds.isSessionId(null)).isFalse();
    }
}
