package io.kindling.conda.confinement;

import io.kindling.conda.CondaProperties;
import io.kindling.conda.build.BuildConfinement;
import io.kindling.kit.containment.ClusterLimits;
import io.kindling.kit.containment.Containment;
import io.kindling.kit.containment.Sandbox;
import io.kindling.kit.containment.Sandboxes;
import io.kindling.kit.environment.EnvironmentProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each build its confinement: where conda-service isolates user code ({@link Containment}), a sandbox of its
 * own per build, whose proxy lets it reach the package sources this install uses or lets specs name, and nothing
 * else; in single-user mode none.
 */
public final class BuildConfinements {

    private static final Logger log = LoggerFactory.getLogger(BuildConfinements.class);
    /** A build's home (pip's cache, temp files) inside its work directory. */
    static final String HOME = "home";
    /** A build's ceiling: compilers of a large sdist fit; a runaway or a fork bomb does not take the host. */
    private static final ClusterLimits BUILD_LIMITS = new ClusterLimits(4L << 30, 2.0, 4096);
    private static final Set<String> PYPI = Set.of("pypi.org:443", "files.pythonhosted.org:443");
    private static final Set<String> ANACONDA = Set.of("conda.anaconda.org:443", "repo.anaconda.com:443");

    private final Optional<Sandboxes> sandboxes;
    private final Set<String> sources;

    public BuildConfinements(Containment containment, CondaProperties props, EnvironmentProperties environments,
                             String builder) {
        this.sandboxes = containment.sandboxes();
        this.sources = packageSources(props, environments, builder.equals("conda"));
        sandboxes.ifPresent(s -> log.info("builds run in sandboxes of their own; they reach {} and nothing else",
                sources));
    }

    /** {@code host:port} of every source a build may fetch from (the proxy's allowlist). */
    static Set<String> packageSources(CondaProperties props, EnvironmentProperties environments, boolean conda) {
        Set<String> sources = new TreeSet<>();
        if (props.venv().indexUrl().isBlank()) {
            sources.addAll(PYPI);
        } else {
            hostPort(props.venv().indexUrl()).ifPresent(sources::add);
        }
        props.venv().findLinks().forEach(f -> hostPort(f).ifPresent(sources::add));
        environments.allowedIndexes().forEach(i -> hostPort(i).ifPresent(sources::add));
        if (conda) {
            sources.addAll(ANACONDA);
            environments.allowedChannels().forEach(c -> hostPort(c).ifPresent(sources::add));
        }
        props.egressHosts().forEach(h -> sources.add(h.toLowerCase(Locale.ROOT)));
        return Set.copyOf(sources);
    }

    /** An http(s) URL's {@code host:port}; nothing for a local path or a name. */
    static Optional<String> hostPort(String url) {
        try {
            URI uri = URI.create(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                return Optional.empty();
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return Optional.of(uri.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "") + ":" + port);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Confines the build whose work directory is {@code work} (made here; the build's user owns it when sandboxed):
     * its commands may also read under each of {@code reached} (the runtime, local wheelhouses) as far as those
     * directories' own modes let other users.
     */
    public BuildConfinement open(Path work, Stream<Path> reached) {
        try {
            Files.createDirectories(work.resolve(HOME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + work.resolve(HOME), e);
        }
        if (sandboxes.isEmpty()) {
            return BuildConfinement.none();
        }
        Sandbox sandbox = sandboxes.get().create(BUILD_LIMITS);
        try {
            sandbox.own(work);
            reached.filter(Files::isDirectory).forEach(sandbox::reach);
            return new SandboxedBuild(sandboxes.get(), sandbox, EgressProxy.start(sandbox.hostAddress(), sources),
                    work);
        } catch (IOException e) {
            sandboxes.get().destroy(sandbox);
            throw new UncheckedIOException("cannot start the build's proxy", e);
        } catch (RuntimeException e) {
            sandboxes.get().destroy(sandbox);
            throw e;
        }
    }
}
