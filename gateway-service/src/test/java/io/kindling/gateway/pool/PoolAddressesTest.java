package io.kindling.gateway.pool;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.kit.problem.ApiProblem;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An attach may not point the control plane at its own host or the cloud's metadata service. */
class PoolAddressesTest {

    private final PoolAddresses none = new PoolAddresses(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"spark://127.0.0.1:7077", "spark://localhost:7077", "http://[::1]:6066",
            "http://169.254.169.254:80", "http://[fe80::1]:6066", "spark://0.0.0.0:7077", "http://224.0.0.1:80",
            "http://[fd00:ec2::254]:80", "spark://127.8.9.10:7077"})
    void theControlPlanesOwnHostAndTheMetadataServiceAreRefused(String url) {
        assertThatThrownBy(() -> none.check(URI.create(url), "masterUrl"))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    org.assertj.core.api.Assertions.assertThat(p.code()).isEqualTo("POOL_ADDRESS_REFUSED");
                    org.assertj.core.api.Assertions.assertThat(p.getMessage()).contains("masterUrl");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark://10.1.2.3:7077", "http://192.168.0.10:6066", "spark://172.16.5.4:7077",
            "http://203.0.113.7:6066"})
    void addressesOnTheNetworkAreFine(String url) {
        assertThatCode(() -> none.check(URI.create(url), "restUrl")).doesNotThrowAnyException();
    }

    @Test
    void anOperatorMayAllowAnAddressOrABlock() {
        PoolAddresses loopback = new PoolAddresses(List.of("127.0.0.1", "fe80::/64"));

        assertThatCode(() -> loopback.check(URI.create("spark://127.0.0.1:7077"), "masterUrl"))
                .doesNotThrowAnyException();
        assertThatCode(() -> loopback.check(URI.create("http://[fe80::abcd]:6066"), "restUrl"))
                .doesNotThrowAnyException();
        // only what is allowed
        assertThatThrownBy(() -> loopback.check(URI.create("spark://127.0.0.2:7077"), "masterUrl"))
                .isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> loopback.check(URI.create("http://169.254.169.254:80"), "webUiUrl"))
                .isInstanceOf(ApiProblem.class);
    }

    @Test
    void aBlockThatIsNotOneStopsTheStart() {
        assertThatThrownBy(() -> new PoolAddresses(List.of("10.0.0.0/33")))
                .hasMessageContaining("allowed-addresses");
    }
}
