package io.kindling.gateway.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder an archive is extracted into, and the only way entries get there: every name is checked to stay
 * inside it, every entry and byte is counted against the limits, and nothing is overwritten. Links are never
 * created (the readers refuse them before they get here).
 */
final class ArchiveTarget {

    private final Path root;
    private final long maxBytes;
    private final int maxEntries;
    private final List<String> files = new ArrayList<>();
    private long bytes;
    private long declared;
    private int entries;

    ArchiveTarget(Path root, long maxBytes, int maxEntries) {
        this.root = root.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** Refuses an archive that says up front it has too many entries. */
    void expectEntries(long count) {
        if (count > maxEntries) {
            throw tooMany();
        }
    }

    /**
     * Counts the size an entry declares before any of it is read: an entry that is not extracted (a folder, or what
     * is refused) is still read through to reach the next one, and a stream of a few KB may declare terabytes of
     * them, which decompressing would spend CPU on without writing a byte.
     */
    void declared(String name, long size) {
        declared += size;
        if (size < 0 || declared > maxBytes) {
            throw new UploadRefusedException(UploadError.ARCHIVE_TOO_LARGE, name, "the archive's entries declare "
                    + "more than " + maxBytes + " bytes (kindling.gateway.uploads.max-extracted-size); refused at "
                    + "entry '" + name + "' before reading it");
        }
    }

    void directory(String name) throws IOException {
        count();
        Path dir = resolve(name);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw duplicate(name);
        }
        Files.createDirectories(dir);
    }

    void file(String name, InputStream content) throws IOException {
        count();
        Path file = resolve(name);
        if (file.equals(root)) {
            throw unsafe(name, "is not a file name");
        }
        Path parent = file.getParent();
        if (Files.exists(parent) && !Files.isDirectory(parent)) {
            throw duplicate(name);
        }
        Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = content.read(buffer)) > 0) {
                bytes += n;
                if (bytes > maxBytes) {
                    throw new UploadRefusedException(UploadError.ARCHIVE_TOO_LARGE, name, "the upload extracts to more "
                            + "than " + maxBytes + " bytes (kindling.gateway.uploads.max-extracted-size); stopped at "
                            + "entry '" + name + "'");
                }
                out.write(buffer, 0, n);
            }
        } catch (FileAlreadyExistsException e) {
            throw duplicate(name);
        }
        files.add(root.relativize(file).toString());
    }

    /** The files written, relative to the folder, sorted. */
    List<String> files() {
        return files.stream().sorted().toList();
    }

    long bytes() {
        return bytes;
    }

    /**
     * The path of an entry name. Separators may be {@code /} or {@code \}; {@code .} segments are dropped. Refused:
     * absolute names (also {@code C:}), {@code ..} segments, NUL, and anything that would resolve outside the root.
     */
    Path resolve(String name) {
        String n = name.replace('\\', '/');
        if (n.indexOf('\0') >= 0) {
            throw unsafe(name, "has a NUL character");
        }
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            throw unsafe(name, "is an absolute path");
        }
        Path path = root;
        for (String segment : n.split("/")) {
            if (segment.equals("..")) {
                throw unsafe(name, "has a '..' segment");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                path = path.resolve(segment);
            }
        }
        path = path.normalize();
        if (!path.startsWith(root)) {
            throw unsafe(name, "leaves the code folder");
        }
        return path;
    }

    private void count() {
        if (++entries > maxEntries) {
            throw tooMany();
        }
    }

    private UploadRefusedException tooMany() {
        return new UploadRefusedException(UploadError.ARCHIVE_TOO_MANY_ENTRIES, null, "the archive has more than "
                + maxEntries + " entries (kindling.gateway.uploads.max-entries)");
    }

    static UploadRefusedException unsafe(String name, String why) {
        return new UploadRefusedException(UploadError.ARCHIVE_ENTRY_UNSAFE, name, "archive entry '" + name + "' "
                + why + "; nothing of the archive was kept");
    }

    private static UploadRefusedException duplicate(String name) {
        return new UploadRefusedException(UploadError.ARCHIVE_MALFORMED, name, "archive entry '" + name
                + "' is in the archive twice, or is both a file and a folder");
    }
}
