package io.kindling.conda.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/** The cache as a local directory: {@code <dir>/<hash>.tar.gz}, written by an atomic rename. */
public final class LocalArchiveStore implements ArchiveStore {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{32}");

    private final Path dir;

    public LocalArchiveStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the environment cache " + this.dir, e);
        }
    }

    @Override
    public Optional<URI> find(String hash) {
        Path file = file(hash);
        return Files.isRegularFile(file) ? Optional.of(file.toUri()) : Optional.empty();
    }

    @Override
    public URI put(String hash, Path archive) {
        Path file = file(hash);
        try {
            Path staged = Files.createTempFile(dir, hash, ".partial");
            Files.move(archive, staged, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file.toUri();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store environment " + hash + " in " + dir, e);
        }
    }

    private Path file(String hash) {
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("not an environment hash: " + hash);
        }
        return dir.resolve(hash + ".tar.gz");
    }
}
