package io.kindling.kit.containment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kindling.kit.containment.ContainmentProperties.Mode;
import org.junit.jupiter.api.Test;

/** Where a session's driver may start, as the containment decided at start has it. */
class ContainmentTest {

    private static ContainmentProperties props(Mode mode, boolean allowUncontainedPoolDrivers) {
        return new ContainmentProperties(mode, false, false, "10.213.0.0/16", 611000, allowUncontainedPoolDrivers);
    }

    @Test
    void isolatedADriverOutsideEverySandboxIsRefusedUnlessTheOperatorAllowsIt() {
        assumeTrue(HostIsolation.probe().possible(), "this host cannot isolate");
        try (Containment isolated = Containment.start(props(Mode.ISOLATED, false), "test");
             Containment allowing = Containment.start(props(Mode.ISOLATED, true), "test")) {
            // a serverless cluster's master listens at its sandbox's address: its driver joins it
            assertThat(isolated.refusesDriverFor("10.213.0.2")).isEmpty();
            // an attached pool elsewhere: its driver would run on this host, on its network
            assertThat(isolated.refusesDriverFor("192.0.2.10")).get().asString()
                    .contains("192.0.2.10").contains("kindling.containment.allow-uncontained-pool-drivers=true");
            assertThat(isolated.refusesDriverFor("127.0.0.1")).isPresent();
            assertThat(isolated.refusesDriverFor("10.213.0.1")).as("a sandbox's host end").isPresent();
            assertThat(allowing.refusesDriverFor("192.0.2.10")).isEmpty();
        }
    }

    @Test
    void singleUserNoDriverIsRefused() {
        try (Containment single = Containment.start(props(Mode.SINGLE_USER, false), "test")) {
            assertThat(single.refusesDriverFor("192.0.2.10")).isEmpty();
        }
    }
}
