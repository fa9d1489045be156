package io.kindling.gateway.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the entries of a tar stream: POSIX ustar and pax (long names, large sizes) and GNU long names, which
 * is what GNU tar, bsdtar and Python's tarfile write. Every header's checksum is verified.
 */
final class TarReader {

    /** One entry: its name (long forms applied), kind ({@code typeflag}) and size. */
    record Entry(String name, char type, long size) {

        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        boolean isDirectory() {
            return type == '5';
        }
    }

    private static final int BLOCK = 512;
    /** pax and GNU long-name records hold names and a few numbers, never more. */
    private static final int MAX_META = 1 << 20;

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, its content readable through {@link #content()}; {@code null} at the end. */
    Entry next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        Map<String, String> pax = Map.of();
        while (true) {
            if (!readBlock()) {
                return null;
            }
            if (isZero(header)) {
                return null;
            }
            verifyChecksum();
            char type = (char) header[156];
            long size = number(124, 12);
            if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
                byte[] meta = readMeta(size);
                if (type == 'x') {
                    pax = pax(meta);
                } else if (type == 'L') {
                    longName = cString(meta, 0, meta.length);
                }
                continue;
            }
            String name = cString(header, 0, 100);
            if (isUstar()) {
                String prefix = cString(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            if (longName != null) {
                name = longName;
            }
            if (pax.containsKey("path")) {
                name = pax.get("path");
            }
            if (pax.containsKey("size")) {
                size = parseSize(pax.get("size"));
            }
            Entry entry = new Entry(name, type, size);
            if (entry.isFile()) {
                remaining = size;
                padding = (BLOCK - size % BLOCK) % BLOCK;
            } else {
                // links, folders and devices carry no data in practice; skip whatever they declare
                remaining = 0;
                padding = size + (BLOCK - size % BLOCK) % BLOCK;
            }
            return entry;
        }
    }

    /** The content of the current entry; reading stops at its end. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw malformed("the archive ends inside an entry");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private boolean readBlock() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw malformed("the archive ends inside a header");
        }
        return true;
    }

    private byte[] readMeta(long size) throws IOException {
        if (size < 0 || size > MAX_META) {
            throw malformed("an extended header of " + size + " bytes");
        }
        byte[] meta = in.readNBytes((int) size);
        if (meta.length < size) {
            throw malformed("the archive ends inside an extended header");
        }
        skip((BLOCK - size % BLOCK) % BLOCK);
        return meta;
    }

    /** pax records: {@code "<length> <key>=<value>\n"}. */
    private static Map<String, String> pax(byte[] meta) {
        Map<String, String> values = new HashMap<>();
        int p = 0;
        while (p < meta.length) {
            int space = p;
            while (space < meta.length && meta[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(meta, p, space - p, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw malformed("a pax record without a length");
            }
            if (length <= space - p + 1 || p + length > meta.length || meta[p + length - 1] != '\n') {
                throw malformed("a pax record of the wrong length");
            }
            String record = new String(meta, space + 1, p + length - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq < 0) {
                throw malformed("a pax record without '='");
            }
            values.put(record.substring(0, eq), record.substring(eq + 1));
            p += length;
        }
        return values;
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw malformed("the archive ends inside an entry");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private void verifyChecksum() {
        long stored = number(148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw malformed("a header checksum does not match (is it a tar archive?)");
        }
    }

    private boolean isUstar() {
        return header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r' && header[262] == 0;
    }

    /** Octal digits, or GNU's base-256 when the top bit of the first byte is set. */
    private long number(int offset, int length) {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7f;
            for (int i = 1; i < length; i++) {
                if ((value >>> 55) != 0) {
                    throw malformed("a number that does not fit");
                }
                value = (value << 8) | (header[offset + i] & 0xff);
            }
            return value;
        }
        String text = cString(header, offset, length).strip();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw malformed("a header field that is not an octal number: '" + text + "'");
        }
    }

    private static long parseSize(String text) {
        try {
            long size = Long.parseLong(text.strip());
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw malformed("a pax size that is not a number: '" + text + "'");
        }
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    static UploadRefusedException malformed(String why) {
        return new UploadRefusedException(UploadError.ARCHIVE_MALFORMED, null, "not a readable tar archive: " + why);
    }
}
