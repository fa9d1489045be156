package io.kindling.kit.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The runtimes this install can run: every {@code spark-<version>/} directory under the root with Spark jars. */
public class RuntimeCatalog {

    private static final Pattern DIR = Pattern.compile("spark-(\\d+\\.\\d+)");
    private static final Pattern CORE_JAR = Pattern.compile("spark-core_(\\d+\\.\\d+)-(\\d+\\.\\d+\\.\\d+.*)\\.jar");

    /**
     * A file time this close to the scan may still change within the file system's timestamp granularity without
     * its time changing: such a scan is not trusted and the next call reads the disk again.
     */
    private static final Duration SETTLED = Duration.ofSeconds(2);

    private final RuntimeProperties props;
    private volatile Scan last;

    public RuntimeCatalog(RuntimeProperties props) {
        this.props = props;
    }

    /**
     * Installed runtimes, newest first. A runtime built or removed later shows up on the next call: the catalog keeps
     * its last reading of the disk while the modification times of the root, of each runtime directory and of each
     * {@code jars/} directory stay as they were (a few file attributes instead of listing nearly two hundred jars on
     * every session request; 15% of the gateway's create under load).
     */
    public List<SparkRuntime> installed() {
        Path root = props.root().toAbsolutePath().normalize();
        Scan scan = last;
        if (scan != null && scan.root().equals(root) && scan.stamps().equals(stamps(root, scan.dirs()))) {
            return scan.runtimes();
        }
        Scan fresh = scan(root);
        last = fresh.settled() ? fresh : null;
        return fresh.runtimes();
    }

    /** What one reading of the disk found, and the file times it depends on. */
    private record Scan(Path root, List<Path> dirs, List<FileTime> stamps, List<SparkRuntime> runtimes,
                        boolean settled) {
    }

    private Scan scan(Path root) {
        Instant started = Instant.now(); // file times are the real clock's, not the services' injected one
        if (!Files.isDirectory(root)) {
            return new Scan(root, List.of(), stamps(root, List.of()), List.of(), true);
        }
        List<Path> dirs;
        try (Stream<Path> listed = Files.list(root)) {
            dirs = listed.filter(d -> DIR.matcher(d.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list runtimes in " + root, e);
        }
        List<FileTime> stamps = stamps(root, dirs);
        List<SparkRuntime> runtimes = dirs.stream().map(this::read).flatMap(Optional::stream)
                .sorted(Comparator.comparing(SparkRuntime::version, RuntimeCatalog::compareVersions).reversed())
                .toList();
        Instant settledBefore = started.minus(SETTLED);
        boolean settled = stamps.stream().allMatch(t -> t == null || t.toInstant().isBefore(settledBefore));
        return new Scan(root, dirs, stamps, runtimes, settled);
    }

    /**
     * The modification times of the root, and of each runtime directory, its jars and its python directory (null
     * where there is none).
     */
    private static List<FileTime> stamps(Path root, List<Path> dirs) {
        List<FileTime> stamps = new ArrayList<>(1 + 2 * dirs.size());
        stamps.add(modified(root));
        for (Path dir : dirs) {
            stamps.add(modified(dir));
            stamps.add(modified(dir.resolve("jars")));
            stamps.add(modified(dir.resolve("python"))); // runtime.json is renamed into it when complete
        }
        return stamps;
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return null; // not there (yet, or any more): a time of its own, compared like the others
        }
    }

    public Optional<SparkRuntime> find(String version) {
        return installed().stream().filter(r -> r.version().equals(version)).findFirst();
    }

    public String defaultVersion() {
        return props.defaultVersion();
    }

    private Optional<SparkRuntime> read(Path dir) {
        Matcher name = DIR.matcher(dir.getFileName().toString());
        Path jars = dir.resolve("jars");
        if (!name.matches() || !Files.isDirectory(jars)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(jars)) {
            return files.map(f -> CORE_JAR.matcher(f.getFileName().toString())).filter(Matcher::matches).findFirst()
                    .map(core -> new SparkRuntime(name.group(1), core.group(2), core.group(1), dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runtime " + dir, e);
        }
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int cmp = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }
}
