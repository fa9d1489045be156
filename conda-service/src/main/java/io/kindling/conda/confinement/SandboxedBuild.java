package io.kindling.conda.confinement;

import io.kindling.conda.build.BuildConfinement;
import io.kindling.kit.containment.Sandbox;
import io.kindling.kit.containment.Sandboxes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One build in a sandbox of its own: its commands run as the sandbox's user in its network namespace and cgroup, its
 * work directory is that user's, and its only way out is its {@link EgressProxy}.
 */
final class SandboxedBuild implements BuildConfinement {

    private static final Logger log = LoggerFactory.getLogger(SandboxedBuild.class);

    private final Sandboxes sandboxes;
    private final Sandbox sandbox;
    private final EgressProxy proxy;
    private final Path work;

    SandboxedBuild(Sandboxes sandboxes, Sandbox sandbox, EgressProxy proxy, Path work) {
        this.sandboxes = sandboxes;
        this.sandbox = sandbox;
        this.proxy = proxy;
        this.work = work;
    }

    @Override
    public boolean sandboxed() {
        return true;
    }

    @Override
    public List<String> wrap(List<String> command) {
        return sandbox.wrap(command);
    }

    @Override
    public Map<String, String> environment() {
        String url = proxy.url();
        // both spellings: pip reads either, conda and curl the lower-case one; nothing bypasses it
        return Map.of("HTTPS_PROXY", url, "HTTP_PROXY", url, "https_proxy", url, "http_proxy", url, "NO_PROXY", "",
                "no_proxy", "");
    }

    @Override
    public Optional<Path> home() {
        return Optional.of(work.resolve(BuildConfinements.HOME));
    }

    @Override
    public List<String> refused() {
        return proxy.refused().stream().distinct().toList();
    }

    @Override
    public void close() {
        try {
            int killed = sandboxes.killAll(sandbox);
            if (killed > 0) {
                log.info("build sandbox {}: {} processes left running were killed", sandbox.network(), killed);
            }
            proxy.close();
            Sandbox.disown(work);
        } finally {
            sandboxes.destroy(sandbox);
        }
    }
}
