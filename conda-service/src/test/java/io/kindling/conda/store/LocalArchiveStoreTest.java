package io.kindling.conda.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArchiveStoreTest {

    private static final String HASH = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void putMovesTheArchiveInAndFindReturnsIt() throws Exception {
        LocalArchiveStore store = new LocalArchiveStore(dir.resolve("cache"));
        Path built = Files.writeString(dir.resolve("built.tar.gz"), "archive");
        assertThat(store.find(HASH)).isEmpty();

        var uri = store.put(HASH, built);

        assertThat(built).doesNotExist();
        assertThat(store.find(HASH)).contains(uri);
        assertThat(Files.readString(Path.of(uri))).isEqualTo("archive");
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(HASH + ".tar.gz");
        }
    }

    @Test
    void onlyHashesNameFiles() {
        LocalArchiveStore store = new LocalArchiveStore(dir);
        assertThatThrownBy(() -> store.find("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
