package io.kindling.kit.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A circuit breaker (resilience4j, {@code database}) around every API call of a service that needs its database.
 * A call that fails because the database is not there (the problem advice marks it) counts against it; once open,
 * calls are answered 503 {@code DATABASE_UNAVAILABLE} at once, with {@code Retry-After}, instead of each waiting
 * for a connection that will not come. After {@code wait-duration-in-open-state} a few calls try again, and the
 * first that succeed close it: the service recovers without a restart.
 */
public class DatabaseCircuit extends OncePerRequestFilter {

    public static final String NAME = "database";
    /** The request attribute a handler sets to the exception when the database was unavailable. */
    public static final String FAILURE = DatabaseCircuit.class.getName() + ".failure";

    private final CircuitBreaker breaker;

    public DatabaseCircuit(CircuitBreakerRegistry registry) {
        this.breaker = registry.circuitBreaker(NAME);
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Seconds until the breaker lets calls try again (what {@code Retry-After} says). */
    public long retryAfterSeconds() {
        Duration wait = Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState()
                .apply(1));
        return Math.max(1, wait.toSeconds());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith("/api/") || path.startsWith("/internal/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!breaker.tryAcquirePermission()) {
            refuse(response);
            return;
        }
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            record(request, start, e);
            throw e;
        }
        record(request, start, null);
    }

    private void record(HttpServletRequest request, long start, Throwable thrown) {
        long took = System.nanoTime() - start;
        Object marked = request.getAttribute(FAILURE);
        Throwable failure = marked instanceof Throwable t ? t
                : thrown != null && DatabaseFailures.isUnavailable(thrown) ? thrown : null;
        if (failure != null) {
            breaker.onError(took, java.util.concurrent.TimeUnit.NANOSECONDS, failure);
        } else {
            breaker.onSuccess(took, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds()));
        response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                + "\"detail\":\"the database is unavailable (circuit open after repeated failures); retry after "
                + retryAfterSeconds() + " s\",\"code\":\"DATABASE_UNAVAILABLE\",\"circuit\":\"open\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
