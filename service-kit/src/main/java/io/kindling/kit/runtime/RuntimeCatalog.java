package io.kindling.kit.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private final RuntimeProperties props;

    public RuntimeCatalog(RuntimeProperties props) {
        this.props = props;
    }

    /** Installed runtimes, newest first. Read from disk on each call so a runtime built later shows up. */
    public List<SparkRuntime> installed() {
        Path root = props.root().toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(this::read).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(SparkRuntime::version, RuntimeCatalog::compareVersions).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list runtimes under " + root, e);
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
