package io.kindling.gateway.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.kindling.kit.problem.ApiProblem;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Internal HTTP to one service, bounded in time and behind a circuit breaker (resilience4j, named after the
 * service): a service that does not answer, or answers 5xx, half of the recent calls opens it, and calls are
 * then refused at once with 503 {@code <SERVICE>_UNAVAILABLE} until a few trial calls succeed again.
 */
public class InternalService implements AutoCloseable {

    private final String name;
    private final HttpComponentsClientHttpRequestFactory factory;
    private final RestClient http;
    private final CircuitBreaker breaker;

    public InternalService(String name, URI baseUrl, RestClient.Builder builder, Duration timeout,
                           CircuitBreakerRegistry circuits) {
        this.name = name;
        this.factory = InternalHttp.requestFactory(timeout);
        this.http = builder.clone().baseUrl(baseUrl.toString()).requestFactory(factory).build();
        this.breaker = circuits.circuitBreaker(name);
    }

    /** The resource, or empty on 404. */
    public Optional<JsonNode> find(String path) {
        ResponseEntity<JsonNode> response = call(HttpMethod.GET, path, null);
        if (response.getStatusCode() == HttpStatus.NOT_FOUND) {
            return Optional.empty();
        }
        if (response.getStatusCode() == HttpStatus.SERVICE_UNAVAILABLE) {
            JsonNode body = response.getBody();
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, body == null ? code() : body.path("code")
                    .asString(code()), name + " is unavailable: " + (body == null ? "503" : body.path("detail")
                    .asString("503")));
        }
        if (!response.getStatusCode().is2xxSuccessful()) {
            throw new ApiProblem(HttpStatus.BAD_GATEWAY, "INTERNAL_CALL_FAILED", name + " answered "
                    + response.getStatusCode().value() + " for " + path);
        }
        return Optional.ofNullable(response.getBody());
    }

    /** A text resource (a log), or empty on 404. */
    public Optional<String> findText(String path) {
        return guarded(() -> http.get().uri(path).exchange((req, res) -> {
            if (res.getStatusCode() == HttpStatus.NOT_FOUND) {
                return new Answer<>(res.getStatusCode().value(), Optional.<String>empty());
            }
            if (!res.getStatusCode().is2xxSuccessful()) {
                throw new ApiProblem(res.getStatusCode().value() == 503 ? HttpStatus.SERVICE_UNAVAILABLE
                        : HttpStatus.BAD_GATEWAY, res.getStatusCode().value() == 503 ? code()
                        : "INTERNAL_CALL_FAILED", name + " answered " + res.getStatusCode().value() + " for " + path);
            }
            String text = res.bodyTo(String.class);
            return new Answer<>(res.getStatusCode().value(), Optional.of(text == null ? "" : text));
        }));
    }

    /** Forwards a call and returns the service's status and body as they are. */
    public ResponseEntity<JsonNode> call(HttpMethod method, String path, Object body) {
        return guarded(() -> {
            RestClient.RequestBodySpec request = http.method(method).uri(path);
            if (body != null) {
                request.body(body);
            }
            return request.exchange((req, res) -> {
                JsonNode json = res.getStatusCode().value() == 204 ? null : res.bodyTo(JsonNode.class);
                ResponseEntity.BodyBuilder out = ResponseEntity.status(res.getStatusCode());
                if (res.getHeaders().getContentType() != null) {
                    out.contentType(res.getHeaders().getContentType());
                }
                return new Answer<>(res.getStatusCode().value(), out.body(json));
            });
        });
    }

    /** One call through the breaker: refused while it is open; a failure to answer or a 5xx counts against it. */
    private <T> T guarded(Supplier<Answer<T>> call) {
        if (!breaker.tryAcquirePermission()) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, code(), name + " is unavailable (circuit open after "
                    + "repeated failures); retry in a few seconds");
        }
        long start = System.nanoTime();
        try {
            Answer<T> answer = call.get();
            long took = System.nanoTime() - start;
            if (answer.status() >= 500) {
                breaker.onError(took, TimeUnit.NANOSECONDS, new IllegalStateException(name + " answered "
                        + answer.status()));
            } else {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            }
            return answer.value();
        } catch (ResourceAccessException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, code(), name + " did not answer: "
                    + e.getMostSpecificCause().getMessage());
        } catch (ApiProblem e) {
            if (e.status().is5xxServerError()) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            } else {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            throw e;
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        }
    }

    /** Closes the kept-alive connections. */
    @Override
    public void close() throws Exception {
        factory.destroy();
    }

    private String code() {
        return name.toUpperCase(Locale.ROOT).replace('-', '_') + "_UNAVAILABLE";
    }

    private record Answer<T>(int status, T value) {
    }
}
