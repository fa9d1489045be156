package io.kindling.gateway.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Extracts a zip through its central directory (what {@link ZipFile} reads), the same list a later reader sees.
 * {@code java.util.zip} does not tell symlinks apart, so the central directory is also read here for the Unix mode
 * in each entry's external attributes, and an archive with a link is refused.
 */
final class ZipExtractor {

    private static final int END = 0x06054b50;
    private static final int END64_LOCATOR = 0x07064b50;
    private static final int END64 = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int UNIX = 3;
    private static final int TYPE_MASK = 0170000;
    private static final int SYMLINK = 0120000;

    private ZipExtractor() {
    }

    static void extract(Path zip, ArchiveTarget target) throws IOException {
        refuseLinks(zip);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            target.expectEntries(file.size());
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    target.directory(entry.getName());
                } else {
                    try (InputStream in = file.getInputStream(entry)) {
                        target.file(entry.getName(), in);
                    }
                }
            }
        } catch (ZipException e) {
            throw malformed(e.getMessage());
        }
    }

    /** Reads the central directory for entries whose Unix mode says symlink. */
    private static void refuseLinks(Path zip) throws IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            int tailSize = (int) Math.min(size, 22 + 0xffff);
            ByteBuffer tail = read(channel, size - tailSize, tailSize);
            int end = -1;
            for (int i = tailSize - 22; i >= 0; i--) {
                if (tail.getInt(i) == END) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                throw malformed("no end of central directory record");
            }
            long count = tail.getShort(end + 10) & 0xffffL;
            long cdSize = tail.getInt(end + 12) & 0xffffffffL;
            long cdOffset = tail.getInt(end + 16) & 0xffffffffL;
            if (count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
                if (end < 20 || tail.getInt(end - 20) != END64_LOCATOR) {
                    throw malformed("zip64 sizes without a zip64 locator");
                }
                long end64 = tail.getLong(end - 20 + 8);
                ByteBuffer record = read(channel, end64, 56);
                if (record.getInt(0) != END64) {
                    throw malformed("no zip64 end of central directory record");
                }
                count = record.getLong(32);
                cdSize = record.getLong(40);
                cdOffset = record.getLong(48);
            }
            if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > size || cdSize > Integer.MAX_VALUE) {
                throw malformed("the central directory is outside the file");
            }
            ByteBuffer cd = read(channel, cdOffset, (int) cdSize);
            int p = 0;
            for (long i = 0; i < count; i++) {
                if (p + 46 > cd.limit() || cd.getInt(p) != CENTRAL) {
                    throw malformed("central directory entry " + i + " is damaged");
                }
                int madeBy = (cd.getShort(p + 4) & 0xffff) >> 8;
                int nameLength = cd.getShort(p + 28) & 0xffff;
                int extraLength = cd.getShort(p + 30) & 0xffff;
                int commentLength = cd.getShort(p + 32) & 0xffff;
                int mode = cd.getInt(p + 38) >>> 16;
                if (p + 46 + nameLength > cd.limit()) {
                    throw malformed("central directory entry " + i + " is damaged");
                }
                if (madeBy == UNIX && (mode & TYPE_MASK) == SYMLINK) {
                    byte[] name = new byte[nameLength];
                    cd.get(p + 46, name);
                    throw ArchiveTarget.unsafe(new String(name, StandardCharsets.UTF_8), "is a symbolic link");
                }
                p += 46 + nameLength + extraLength + commentLength;
            }
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        if (position < 0 || position + length > channel.size()) {
            throw malformed("a record points outside the file");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw malformed("the file ends early");
            }
        }
        return buffer.flip();
    }

    private static UploadRefusedException malformed(String why) {
        return new UploadRefusedException(UploadError.ARCHIVE_MALFORMED, null, "not a readable zip archive: " + why);
    }
}
