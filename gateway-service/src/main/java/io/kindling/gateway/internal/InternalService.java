package io.kindling.gateway.internal;

import io.kindling.kit.problem.ApiProblem;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** Internal HTTP to one service, bounded in time; an unreachable service is a 503 problem. */
public class InternalService {

    private final String name;
    private final RestClient http;

    public InternalService(String name, URI baseUrl, RestClient.Builder builder, Duration timeout) {
        this.name = name;
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        factory.setReadTimeout(timeout);
        this.http = builder.clone().baseUrl(baseUrl.toString()).requestFactory(factory).build();
    }

    /** The resource, or empty on 404. */
    public Optional<JsonNode> find(String path) {
        ResponseEntity<JsonNode> response = call(HttpMethod.GET, path, null);
        if (response.getStatusCode() == HttpStatus.NOT_FOUND) {
            return Optional.empty();
        }
        if (!response.getStatusCode().is2xxSuccessful()) {
            throw new ApiProblem(HttpStatus.BAD_GATEWAY, "INTERNAL_CALL_FAILED", name + " answered "
                    + response.getStatusCode().value() + " for " + path);
        }
        return Optional.ofNullable(response.getBody());
    }

    /** A text resource (a log), or empty on 404. */
    public Optional<String> findText(String path) {
        try {
            return http.get().uri(path).exchange((req, res) -> {
                if (res.getStatusCode() == HttpStatus.NOT_FOUND) {
                    return Optional.<String>empty();
                }
                if (!res.getStatusCode().is2xxSuccessful()) {
                    throw new ApiProblem(HttpStatus.BAD_GATEWAY, "INTERNAL_CALL_FAILED", name + " answered "
                            + res.getStatusCode().value() + " for " + path);
                }
                String text = res.bodyTo(String.class);
                return Optional.of(text == null ? "" : text);
            });
        } catch (ResourceAccessException e) {
            throw unavailable(e);
        }
    }

    /** Forwards a call and returns the service's status and body as they are. */
    public ResponseEntity<JsonNode> call(HttpMethod method, String path, Object body) {
        try {
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
                return out.body(json);
            });
        } catch (ResourceAccessException e) {
            throw unavailable(e);
        }
    }

    private ApiProblem unavailable(ResourceAccessException e) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, name.toUpperCase(java.util.Locale.ROOT)
                .replace('-', '_') + "_UNAVAILABLE", name + " did not answer: " + e.getMostSpecificCause().getMessage());
    }
}
