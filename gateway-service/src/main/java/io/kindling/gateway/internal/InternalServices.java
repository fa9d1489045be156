package io.kindling.gateway.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.kindling.gateway.GatewayProperties;
import io.kindling.kit.internal.InternalApiGuard;
import io.kindling.kit.internal.InternalApiProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The services the gateway reads from over internal HTTP; closing it closes their connections. */
@Component
public class InternalServices implements AutoCloseable {

    private final InternalService sessions;
    private final InternalService clusters;
    private final InternalService deadlines;
    private final InternalService environments;

    InternalServices(RestClient.Builder builder, GatewayProperties props, CircuitBreakerRegistry circuits,
                     InternalApiProperties internal) {
        // every internal call carries the install's service credential
        builder = builder.clone().defaultHeader(InternalApiGuard.HEADER, internal.token());
        this.sessions = new InternalService("session-service", props.sessionServiceUrl(), builder,
                props.internalCallTimeout(), circuits);
        this.clusters = new InternalService("provisioning-service", props.provisioningServiceUrl(), builder,
                props.internalCallTimeout(), circuits);
        this.deadlines = new InternalService("teardown-service", props.teardownServiceUrl(), builder,
                props.internalCallTimeout(), circuits);
        this.environments = new InternalService("conda-service", props.condaServiceUrl(), builder,
                props.internalCallTimeout(), circuits);
    }

    public InternalService sessions() {
        return sessions;
    }

    public InternalService clusters() {
        return clusters;
    }

    public InternalService deadlines() {
        return deadlines;
    }

    public InternalService environments() {
        return environments;
    }

    @Override
    public void close() throws Exception {
        for (InternalService service : new InternalService[] {sessions, clusters, deadlines, environments}) {
            service.close();
        }
    }
}
