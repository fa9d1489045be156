package io.kindling.kit.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every call to {@code /internal/**} that does not carry the install's service credential: 401 with a
 * problem ({@code INTERNAL_CREDENTIAL_REQUIRED}), before any controller runs. The internal APIs also listen on
 * loopback only unless an operator binds them elsewhere ({@code SERVER_ADDRESS}), so this is the second door.
 */
public final class InternalApiGuard extends OncePerRequestFilter {

    public static final String HEADER = "X-Kindling-Internal-Token";

    private final byte[] token;

    public InternalApiGuard(InternalApiProperties props) {
        this.token = props.token().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/internal") || path.startsWith("/internal/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        if (given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"code\":\"INTERNAL_CREDENTIAL_REQUIRED\",\"detail\":\"internal APIs answer only Kindling's own "
                + "services: the " + HEADER + " header is missing or wrong\"}");
    }
}
