package io.kindling.job.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The test workspace and the spec fixtures under {@code src/test/resources}. */
final class Fixtures {

    static final Path STORE = Path.of("/srv/kindling/datastores/workspaceblobstore");
    /** Runtimes 3.4 and 4.2 have PySpark; 4.2-jvm does not. */
    /** ... and a job may have 16 executors, 32 cores and 40 GiB in all, each JVM at least 512m ... */
    /** ... and name host paths under {@code /mnt/shared} only. */
    static final JobSpecContext WORKSPACE = new JobSpecContext(Set.of("3.4", "4.2", "4.2-jvm"),
            version -> !version.endsWith("-jvm"), InstanceCatalog.defaults(), Map.of("workspaceblobstore", STORE),
            new JobCapacity(16, 32, 40 * 1024, 512), new HostPaths(List.of(Path.of("/mnt/shared"))),
            Map.of("3.2", java.time.LocalDate.of(2024, 3, 31)));
    static final String SERVERLESS = read("/serverless-spark-job.yaml");
    static final String ATTACHED = read("/attached-spark-job.yaml");
    static final String SERVERLESS_JSON = read("/serverless-spark-job.json");

    private Fixtures() {
    }

    /** The serverless fixture with {@code from} replaced; fails if {@code from} is not in it. */
    static String serverless(String from, String to) {
        return replace(SERVERLESS, from, to);
    }

    /** The attached-pool fixture with {@code from} replaced; fails if {@code from} is not in it. */
    static String attached(String from, String to) {
        return replace(ATTACHED, from, to);
    }

    private static String replace(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new IllegalArgumentException("the fixture has no '" + from + "'");
        }
        return text.replace(from, to);
    }

    private static String read(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
