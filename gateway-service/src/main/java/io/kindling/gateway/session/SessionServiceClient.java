package io.kindling.gateway.session;

import io.kindling.gateway.GatewayProperties;
import io.kindling.kit.problem.ApiProblem;
import java.net.http.HttpClient;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** Internal HTTP to session-service: reads of sessions and statements, statement submission. */
@Component
public class SessionServiceClient {

    private final RestClient http;

    SessionServiceClient(RestClient.Builder builder, GatewayProperties props) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(props.internalCallTimeout()).build());
        factory.setReadTimeout(props.internalCallTimeout());
        this.http = builder.baseUrl(props.sessionServiceUrl().toString()).requestFactory(factory).build();
    }

    /** The session as session-service knows it, or empty if it has not applied SessionRequested yet. */
    Optional<JsonNode> session(String id) {
        ResponseEntity<JsonNode> response = call(HttpMethod.GET, "/internal/sessions/" + id, null);
        if (response.getStatusCode() == HttpStatus.NOT_FOUND) {
            return Optional.empty();
        }
        return Optional.ofNullable(response.getBody());
    }

    JsonNode sessions(String owner) {
        return call(HttpMethod.GET, "/internal/sessions?owner=" + owner, null).getBody();
    }

    /** Forwards a call and returns session-service's status and body as they are. */
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
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "SESSION_SERVICE_UNAVAILABLE",
                    "session-service did not answer: " + e.getMostSpecificCause().getMessage());
        }
    }
}
