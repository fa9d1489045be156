package io.kindling.kit.containment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.kit.containment.ContainmentProperties.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether user code runs isolated, in the open, or not at all: the single-user mode's refusal logic. */
class ContainmentPolicyTest {

    private static final HostIsolation CAPABLE = new HostIsolation(List.of(), "/usr/sbin/ip", "/usr/bin/nsenter",
            "/usr/bin/setpriv", "/usr/bin/unshare", "/usr/bin/mount");
    private static final HostIsolation LAPTOP = new HostIsolation(
            List.of("not running as root (uid 1000): no other users, namespaces or veths"), null, null, null, null,
            null);

    private static ContainmentProperties props(Mode mode, boolean multiUser, boolean allowUnisolated) {
        return new ContainmentProperties(mode, multiUser, allowUnisolated, "10.213.0.0/16", 611000, false);
    }

    @Test
    void aHostThatCanIsolateIsolatesUnlessTheOperatorAskedForSingleUser() {
        assertThat(ContainmentPolicy.isolate(props(Mode.AUTO, true, false), CAPABLE)).isTrue();
        assertThat(ContainmentPolicy.isolate(props(Mode.ISOLATED, false, false), CAPABLE)).isTrue();
        assertThat(ContainmentPolicy.isolate(props(Mode.SINGLE_USER, false, false), CAPABLE)).isFalse();
    }

    @Test
    void aSingleUserInstallOnAHostThatCannotIsolateRunsInTheOpen() {
        assertThat(ContainmentPolicy.isolate(props(Mode.AUTO, false, false), LAPTOP)).isFalse();
        assertThat(ContainmentPolicy.isolate(props(Mode.SINGLE_USER, false, false), LAPTOP)).isFalse();
    }

    @Test
    void aMultiUserInstallRefusesToRunUnisolatedAndSaysWhyAndHowToOptOut() {
        assertThatThrownBy(() -> ContainmentPolicy.isolate(props(Mode.AUTO, true, false), LAPTOP))
                .isInstanceOf(ContainmentRefusedException.class)
                .hasMessageContaining("not running as root")
                .hasMessageContaining("kindling.containment.allow-unisolated=true");
        // asking for single-user mode on a capable host is refused as well: the users are still several
        assertThatThrownBy(() -> ContainmentPolicy.isolate(props(Mode.SINGLE_USER, true, false), CAPABLE))
                .isInstanceOf(ContainmentRefusedException.class)
                .hasMessageContaining("kindling.containment.mode is single-user");
    }

    @Test
    void theOperatorsOptOutByNameLetsAMultiUserInstallRunUnisolated() {
        assertThat(ContainmentPolicy.isolate(props(Mode.AUTO, true, true), LAPTOP)).isFalse();
        assertThat(ContainmentPolicy.isolate(props(Mode.SINGLE_USER, true, true), CAPABLE)).isFalse();
    }

    @Test
    void isolatedModeOnAHostThatCannotIsolateRefusesWhateverTheOptOut() {
        assertThatThrownBy(() -> ContainmentPolicy.isolate(props(Mode.ISOLATED, false, true), LAPTOP))
                .isInstanceOf(ContainmentRefusedException.class)
                .hasMessageContaining("mode is isolated").hasMessageContaining("not running as root");
    }
}
