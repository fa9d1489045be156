package io.kindling.gateway.artifact;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Turns an uploaded file into a code folder, by its name: a {@code .zip}, {@code .tar.gz}, {@code .tgz} or
 * {@code .tar} is extracted; any other file (a jar, a {@code .py}) is kept under its own name. Entries that would
 * escape the folder, links, devices, and archives over the size or entry limits are refused with an
 * {@link UploadRefusedException}; the caller removes what was written.
 */
public final class CodeArchive {

    /** What an uploaded file may be called: a plain name, no path. */
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,254}");

    /** What was written: the files (relative, sorted) and their bytes; {@code single} when the file was kept as is. */
    public record Extracted(List<String> files, long bytes, boolean single) {
    }

    /** How the upload is read. */
    enum Kind { ZIP, TAR_GZ, TAR, FILE }

    private CodeArchive() {
    }

    /**
     * @param upload   the uploaded bytes
     * @param fileName the name the client gave the file, e.g. {@code src.zip} or {@code C:\work\app.jar}
     * @param folder   the empty folder to fill
     */
    public static Extracted extract(Path upload, String fileName, Path folder, long maxBytes, int maxEntries)
            throws IOException {
        String name = plainName(fileName);
        ArchiveTarget target = new ArchiveTarget(folder, maxBytes, maxEntries);
        Kind kind = kind(name);
        switch (kind) {
            case ZIP -> ZipExtractor.extract(upload, target);
            case TAR_GZ -> {
                try (InputStream in = new GZIPInputStream(new BufferedInputStream(
                        Files.newInputStream(upload)), 64 * 1024)) {
                    untar(in, target);
                } catch (ZipException | EOFException e) {
                    throw TarReader.malformed("the gzip stream is damaged (" + e.getMessage() + ")");
                }
            }
            case TAR -> {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(upload))) {
                    untar(in, target);
                }
            }
            case FILE -> {
                try (InputStream in = Files.newInputStream(upload)) {
                    target.file(name, in);
                }
            }
        }
        return new Extracted(target.files(), target.bytes(), kind == Kind.FILE);
    }

    static Kind kind(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".zip")) {
            return Kind.ZIP;
        }
        if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
            return Kind.TAR_GZ;
        }
        if (lower.endsWith(".tar")) {
            return Kind.TAR;
        }
        return Kind.FILE;
    }

    /** The last segment of the client's file name; browsers on Windows may send a whole path. */
    static String plainName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            throw new UploadRefusedException(UploadError.INVALID_UPLOAD, null, "the uploaded file has no file name; "
                    + "send it as a file (curl -F code=@app.jar)");
        }
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        if (!FILE_NAME.matcher(name).matches()) {
            throw new UploadRefusedException(UploadError.INVALID_UPLOAD, null, "file name '" + fileName + "' must be "
                    + "1-255 letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
        }
        return name;
    }

    private static void untar(InputStream in, ArchiveTarget target) throws IOException {
        TarReader tar = new TarReader(in);
        for (TarReader.Entry entry = tar.next(); entry != null; entry = tar.next()) {
            target.declared(entry.name(), entry.size());
            if (entry.isDirectory()) {
                target.directory(entry.name());
            } else if (entry.isFile()) {
                target.file(entry.name(), tar.content());
            } else {
                throw ArchiveTarget.unsafe(entry.name(), switch (entry.type()) {
                    case '1' -> "is a hard link";
                    case '2' -> "is a symbolic link";
                    case '3', '4' -> "is a device";
                    case '6' -> "is a named pipe";
                    default -> "is of tar entry type '" + entry.type() + "', which is not a file or folder";
                });
            }
        }
    }
}
