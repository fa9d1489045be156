package io.kindling.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Python packages Kindling's tests and benchmarks make themselves (the machines they run on reach no package
 * index): a pure-Python wheel, and a source distribution whose build never ends.
 */
public final class Wheelhouse {

    private Wheelhouse() {
    }

    /**
     * Writes {@code tinypkg-<version>-py3-none-any.whl}: {@code import tinypkg; tinypkg.hello()} returns
     * {@code "tinypkg <version> says hi"}.
     */
    public static Path tinyWheel(Path dir, String version) throws IOException {
        String info = "tinypkg-" + version + ".dist-info/";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("tinypkg/__init__.py", ("def hello():\n    return 'tinypkg " + version + " says hi'\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put(info + "METADATA", ("Metadata-Version: 2.1\nName: tinypkg\nVersion: " + version + "\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: kindling-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        files.forEach((name, data) -> record.append(name).append(",sha256=").append(digest(data)).append(',')
                .append(data.length).append('\n'));
        record.append(info).append("RECORD,,\n");
        files.put(info + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        Path wheel = dir.resolve("tinypkg-" + version + "-py3-none-any.whl");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(wheel))) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return wheel;
    }

    /**
     * Writes {@code sleepy-1.0.tar.gz}, an sdist with an in-tree build backend (no build requirements, so pip
     * needs no index) that starts a child {@code sleep} and then sleeps itself, writing both process ids to
     * {@code pidFile}, made here empty and writable by anyone: an isolated build runs as a user of its own.
     */
    public static Path sleepySdist(Path dir, Path pidFile) throws IOException {
        Files.deleteIfExists(pidFile);
        Files.createFile(pidFile);
        Files.setPosixFilePermissions(pidFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        String backend = """
                import os, subprocess, time
                def _sleep():
                    child = subprocess.Popen(["sleep", "600"])
                    with open(%s, "w") as f:
                        f.write("%%d %%d\\n" %% (os.getpid(), child.pid))
                    time.sleep(600)
                    raise RuntimeError("woke up")
                def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
                    _sleep()
                def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
                    _sleep()
                """.formatted(pythonString(pidFile.toString()));
        String pyproject = """
                [build-system]
                requires = []
                build-backend = "sleepy_backend"
                backend-path = ["."]
                [project]
                name = "sleepy"
                version = "1.0"
                """;
        Path sdist = dir.resolve("sleepy-1.0.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(sdist))) {
            tarEntry(out, "sleepy-1.0/pyproject.toml", pyproject.getBytes(StandardCharsets.UTF_8));
            tarEntry(out, "sleepy-1.0/sleepy_backend.py", backend.getBytes(StandardCharsets.UTF_8));
            tarEntry(out, "sleepy-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: sleepy\nVersion: 1.0\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.write(new byte[1024]);
        }
        return sdist;
    }

    /** One ustar entry: a 512-byte header, then the data padded to 512 bytes. */
    private static void tarEntry(OutputStream out, String name, byte[] data) throws IOException {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", data.length));
        put(header, 136, String.format("%011o", 1_700_000_000L));
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        out.write(header);
        out.write(data);
        out.write(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static String pythonString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String digest(byte[] data) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(data);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
