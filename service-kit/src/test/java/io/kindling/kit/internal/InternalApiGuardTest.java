package io.kindling.kit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class InternalApiGuardTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private final InternalApiGuard guard = new InternalApiGuard(new InternalApiProperties(TOKEN));

    @Test
    void anInternalCallWithoutTheCredentialIsRefusedBeforeAnyControllerRuns() throws Exception {
        for (String given : new String[] {null, "", "wrong", TOKEN + "x", TOKEN.substring(1)}) {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/internal/sessions/s-1/statements");
            if (given != null) {
                request.addHeader(InternalApiGuard.HEADER, given);
            }
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();

            guard.doFilter(request, response, chain);

            assertThat(response.getStatus()).as("token %s", given).isEqualTo(401);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getContentAsString()).contains("\"code\":\"INTERNAL_CREDENTIAL_REQUIRED\"");
            assertThat(chain.getRequest()).as("the call went on").isNull();
        }
    }

    @Test
    void theCredentialLetsTheCallThroughAndOtherPathsAreNotItsBusiness() throws Exception {
        MockHttpServletRequest internal = new MockHttpServletRequest("GET", "/internal/clusters");
        internal.addHeader(InternalApiGuard.HEADER, TOKEN);
        MockFilterChain passed = new MockFilterChain();
        guard.doFilter(internal, new MockHttpServletResponse(), passed);
        assertThat(passed.getRequest()).isSameAs(internal);

        MockFilterChain health = new MockFilterChain();
        guard.doFilter(new MockHttpServletRequest("GET", "/actuator/health"), new MockHttpServletResponse(), health);
        assertThat(health.getRequest()).isNotNull();
        // a look-alike is not an internal path, and not let through as one either
        MockHttpServletResponse lookAlike = new MockHttpServletResponse();
        guard.doFilter(new MockHttpServletRequest("GET", "/internal/../internal/clusters"), lookAlike,
                new MockFilterChain());
        assertThat(lookAlike.getStatus()).isEqualTo(401);
    }

    @Test
    void aServiceWithoutACredentialOrWithAShortOneDoesNotStart() {
        assertThatThrownBy(() -> new InternalApiProperties(null)).hasMessageContaining("KINDLING_INTERNAL_TOKEN");
        assertThatThrownBy(() -> new InternalApiProperties("short")).hasMessageContaining("at least 32");
        assertThat(new InternalApiProperties(TOKEN).toString()).doesNotContain(TOKEN);
    }
}
