package io.kindling.conda.confinement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kindling.conda.CondaProperties;
import io.kindling.conda.build.Archiver;
import io.kindling.conda.build.BuildConfinement;
import io.kindling.conda.build.BuildFailedException;
import io.kindling.conda.build.BuildPlan;
import io.kindling.conda.build.BuildPlanner;
import io.kindling.conda.build.ProcessRunner;
import io.kindling.conda.build.Sdists;
import io.kindling.conda.build.VenvBuilder;
import io.kindling.conda.spec.CondaSpecParser;
import io.kindling.conda.spec.RuntimeComponents;
import io.kindling.kit.containment.Containment;
import io.kindling.kit.containment.ContainmentProperties;
import io.kindling.kit.containment.ContainmentProperties.Mode;
import io.kindling.kit.containment.HostIsolation;
import io.kindling.kit.environment.EnvironmentProperties;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.RuntimeProperties;
import io.kindling.kit.runtime.SparkRuntime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H4 with isolation on (this host is root, as CI is): an operator allowed source builds, and a user's sdist's build
 * backend (a user's code, run by pip) tries what a hostile package would: read Kindling's signing key, connect to a
 * control-plane listener on loopback, and use the build's proxy to get there. It runs (the positive control: it
 * reports), as the build's own user, and gets none of it; the key's bytes appear nowhere.
 */
class SandboxedBuildTest {

    private static final Pattern REPORT = Pattern.compile("NOSY (\\{.*})");
    private static SparkRuntime runtime;
    private static Containment containment;

    @TempDir
    Path dir;

    @BeforeAll
    static void isolatingHost(@TempDir Path cds) {
        HostIsolation host = HostIsolation.probe();
        assumeTrue(host.possible(), "this host cannot isolate: " + host.missing());
        runtime = new RuntimeCatalog(new RuntimeProperties(Path.of(System.getProperty("kindling.runtime.root")), "4.2",
                false, cds)).find("4.2").orElseThrow();
        assertThat(runtime.python().flatMap(p -> p.pip())).as("the runtime's own pip (python/tools)").isPresent();
        containment = Containment.start(new ContainmentProperties(Mode.ISOLATED, false, false, "10.213.0.0/16",
                611000, false), "conda-service-test");
    }

    @Test
    void aSourceBuildRunsAsItsOwnUserAndReachesNoneOfKindlingsFilesOrListeners() throws Exception {
        Path key = Files.writeString(Files.createDirectories(dir.resolve("keys")).resolve("token-signing.key"),
                "KINDLING-SIGNING-KEY-BYTES", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        try (ServerSocket database = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            database.setSoTimeout(500);
            Path wheelhouse = nosySdist(key, database.getLocalPort());
            BuildConfinements confinements = new BuildConfinements(containment, properties(wheelhouse),
                    new EnvironmentProperties("python3", false, List.of(), List.of()), "venv");
            Path log = dir.resolve("build.log");
            Path work = dir.resolve("build/work");

            try (BuildConfinement confinement = confinements.open(work, Stream.of(runtime.home(), wheelhouse))) {
                assertThat(confinement.sandboxed()).isTrue();
                assertThatThrownBy(() -> builder(wheelhouse).build(plan("nosy==1.0"), work.resolve("environment"),
                        log, (step, at) -> { }, Instant.now().plus(Duration.ofMinutes(3)), confinement))
                        .isInstanceOf(BuildFailedException.class);
                assertThat(confinement.refused()).as("what the build was refused, for its log")
                        .containsExactly("127.0.0.1:" + database.getLocalPort());
            }

            String text = Files.readString(log);
            Matcher report = REPORT.matcher(text);
            assertThat(report.find()).as("the backend ran and reported (build log:%n%s)", text).isTrue();
            String found = report.group(1);
            assertThat(found).as("what the backend got").contains("\"key\": \"PermissionError\"")
                    .doesNotContain("\"loopback\": \"connected\"")
                    .contains("\"proxied\": \"HTTP/1.1 403")
                    .doesNotContain("\"uid\": 0,");
            assertThat(text).as("the build log").doesNotContain("KINDLING-SIGNING-KEY-BYTES");
            assertThatThrownBy(database::accept).as("a connection reached the loopback listener")
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(Files.getAttribute(work, "unix:uid")).as("the work dir is the service's again").isEqualTo(0);
        }
    }

    @Test
    void theArchiveIsTheServicesOwnFileAndALinkToKindlingsFilesStaysALink() throws Exception {
        Path key = Files.writeString(dir.resolve("token-signing.key"), "KINDLING-SIGNING-KEY-BYTES");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path work = dir.resolve("build/work");
        Path archive = dir.resolve("build/environment.tar.gz");
        BuildConfinements confinements = new BuildConfinements(containment, properties(dir),
                new EnvironmentProperties("python3", false, List.of(), List.of()), "venv");
        ProcessRunner runner = new ProcessRunner(Clock.systemUTC());
        Path log = dir.resolve("build.log");
        try (BuildConfinement confinement = confinements.open(work, Stream.of())) {
            Path prefix = work.resolve("environment");
            // what a post-link script could leave: a link to the key, and a copy attempt that fails
            runner.run(List.of("/bin/sh", "-c", "mkdir -p " + prefix + " && ln -s " + key + " " + prefix
                    + "/key-link && ln " + key + " " + prefix + "/key-hardlink 2>/dev/null; echo listed"), Map.of(),
                    log, "linking", Instant.now(), Instant.now().plusSeconds(60), confinement);
            new Archiver(runner, Clock.systemUTC()).pack(prefix, archive, log, (step, at) -> { },
                    Instant.now().plusSeconds(60), confinement);
        }
        Process list = new ProcessBuilder("tar", "-tvzf", archive.toString()).redirectErrorStream(true).start();
        String entries = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor()).isZero();
        assertThat(entries).as("the archive holds the link as a link").contains("key-link -> " + key)
                .doesNotContain("key-hardlink");
        Process extract = new ProcessBuilder("tar", "-xzOf", archive.toString()).redirectErrorStream(true).start();
        assertThat(new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .doesNotContain("KINDLING-SIGNING-KEY-BYTES");
        extract.waitFor();
        assertThat(Files.getAttribute(archive, "unix:uid")).as("the archive is the service's file").isEqualTo(0);
    }

    private static CondaProperties properties(Path wheelhouse) {
        return new CondaProperties(Duration.ofMinutes(3), "venv", "", Path.of("/nonexistent"), Path.of("/nonexistent"),
                1, new CondaProperties.Venv("", List.of(wheelhouse.toString())), true, List.of());
    }

    private static VenvBuilder builder(Path wheelhouse) {
        return new VenvBuilder("python3", new CondaProperties.Venv("", List.of(wheelhouse.toString())),
                new ProcessRunner(Clock.systemUTC()), Clock.systemUTC(), true);
    }

    private static BuildPlan plan(String requirement) {
        return BuildPlanner.plan(CondaSpecParser.parse("dependencies: [{pip: [" + requirement + "]}]"),
                new RuntimeComponents(runtime.python().orElseThrow().version(), runtime.sparkVersion(), "2.13", "17"),
                Map.of(), runtime.python());
    }

    /**
     * A wheelhouse others may read, with {@code nosy-1.0.tar.gz}: an sdist whose in-tree build backend probes and
     * prints what it found as {@code NOSY {json}}, then fails.
     */
    private Path nosySdist(Path key, int port) throws IOException, InterruptedException {
        return Sdists.withBackend(dir, "nosy", """
                import json, os, socket
                def _probe():
                    found = {"uid": os.getuid()}
                    try:
                        found["key"] = open(%s).read()
                    except OSError as e:
                        found["key"] = type(e).__name__
                    s = socket.socket()
                    s.settimeout(3)
                    try:
                        s.connect(("127.0.0.1", %d))
                        found["loopback"] = "connected"
                    except OSError as e:
                        found["loopback"] = type(e).__name__
                    finally:
                        s.close()
                    proxy = os.environ.get("HTTPS_PROXY", "")
                    try:
                        host, port = proxy.rsplit("/", 1)[1].split(":")
                        p = socket.create_connection((host, int(port)), timeout=3)
                        p.sendall(b"CONNECT 127.0.0.1:%d HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n")
                        found["proxied"] = p.recv(200).decode("latin-1").split("\\r\\n")[0]
                        p.close()
                    except (OSError, ValueError, IndexError) as e:
                        found["proxied"] = "no proxy: " + type(e).__name__
                    print("NOSY " + json.dumps(found), flush=True)
                    raise RuntimeError("nosy looked around")
                def get_requires_for_build_wheel(config_settings=None):
                    _probe()
                def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
                    _probe()
                def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
                    _probe()
                """.formatted("'" + key + "'", port, port));
    }
}
