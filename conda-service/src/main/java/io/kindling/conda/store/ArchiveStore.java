package io.kindling.conda.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The environment cache: packed environments by spec hash (the port; a local directory implements it, object
 * storage can follow). Spark fetches an archive from the URI it returns.
 */
public interface ArchiveStore {

    /** The cached archive of {@code hash}, if there is one. */
    Optional<URI> find(String hash);

    /** Moves {@code archive} into the cache under {@code hash}, replacing any; returns where it now is. */
    URI put(String hash, Path archive);
}
