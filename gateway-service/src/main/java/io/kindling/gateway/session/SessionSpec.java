package io.kindling.gateway.session;

import io.kindling.events.ClusterSize;
import java.util.Map;

/**
 * A create-session request after validation: every field present and within limits.
 *
 * @param conda   the conda environment YAML as the user sent it, or {@code null}
 * @param compute the attached pool it runs on, or {@code null} for serverless
 */
record SessionSpec(String name, String kind, String runtimeVersion, ClusterSize size, int timeoutMinutes,
                   Map<String, String> conf, String conda, String compute) {

    /** The same session on its pool's runtime. */
    SessionSpec onRuntime(String runtime) {
        return new SessionSpec(name, kind, runtime, size, timeoutMinutes, conf, conda, compute);
    }
}
