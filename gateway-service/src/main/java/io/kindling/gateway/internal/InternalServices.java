package io.kindling.gateway.internal;

import io.kindling.gateway.GatewayProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The services the gateway reads from over internal HTTP. */
@Component
public class InternalServices {

    private final InternalService sessions;
    private final InternalService clusters;
    private final InternalService deadlines;
    private final InternalService environments;

    InternalServices(RestClient.Builder builder, GatewayProperties props) {
        this.sessions = new InternalService("session-service", props.sessionServiceUrl(), builder,
                props.internalCallTimeout());
        this.clusters = new InternalService("provisioning-service", props.provisioningServiceUrl(), builder,
                props.internalCallTimeout());
        this.deadlines = new InternalService("teardown-service", props.teardownServiceUrl(), builder,
                props.internalCallTimeout());
        this.environments = new InternalService("conda-service", props.condaServiceUrl(), builder,
                props.internalCallTimeout());
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
}
