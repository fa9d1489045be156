package io.kindling.conda.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Source distributions the tests write: a package built by an in-tree backend (no build requirements, no index). */
public final class Sdists {

    private Sdists() {
    }

    /**
     * Writes {@code <name>-1.0.tar.gz} into {@code dir/wheelhouse} (which other users may read, as a sandboxed build's
     * user must), its backend module {@code <name>_backend} being {@code backend}; returns the wheelhouse.
     */
    public static Path withBackend(Path dir, String name, String backend) throws IOException, InterruptedException {
        Path src = Files.createDirectories(dir.resolve("src/" + name + "-1.0"));
        Files.writeString(src.resolve("pyproject.toml"), """
                [build-system]
                requires = []
                build-backend = "%s_backend"
                backend-path = ["."]
                [project]
                name = "%s"
                version = "1.0"
                """.formatted(name, name));
        Files.writeString(src.resolve(name + "_backend.py"), backend);
        Files.writeString(src.resolve("PKG-INFO"), "Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n");
        Path wheelhouse = Files.createDirectories(dir.resolve("wheelhouse"));
        Path sdist = wheelhouse.resolve(name + "-1.0.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", sdist.toString(), "-C", src.getParent().toString(),
                name + "-1.0").inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        Files.setPosixFilePermissions(wheelhouse, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(sdist, PosixFilePermissions.fromString("rw-r--r--"));
        return wheelhouse;
    }
}
