package io.kindling.gateway.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds test archives byte by byte, including the hostile ones no well-behaved tool writes. */
final class Archives {

    private Archives() {
    }

    /** A zip of name to content; a name ending in {@code /} is a folder. */
    static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (!e.getKey().endsWith("/")) {
                    zip.write(e.getValue());
                }
                zip.closeEntry();
            }
        }
        return file;
    }

    /** Marks the central directory entry {@code index} as a Unix symlink (made by Unix, mode 0120777). */
    static void markSymlink(Path zip, int index) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int seen = 0;
        for (int p = 0; p + 4 <= bytes.length; p++) {
            if (buffer.getInt(p) == 0x02014b50 && seen++ == index) {
                buffer.putShort(p + 4, (short) (3 << 8 | 20));
                buffer.putInt(p + 38, 0120777 << 16);
                Files.write(zip, bytes);
                return;
            }
        }
        throw new IllegalArgumentException("no central directory entry " + index);
    }

    /** A tar stream being written. */
    static final class Tar {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Tar file(String name, byte[] content) {
            entry(name, '0', content, "");
            return this;
        }

        Tar folder(String name) {
            entry(name, '5', new byte[0], "");
            return this;
        }

        /** A folder entry that declares {@code size} bytes of content (zeros follow), as no real folder does. */
        Tar folderDeclaring(String name, int size) {
            entry(name, '5', new byte[size], "");
            return this;
        }

        Tar link(String name, char type, String target) {
            entry(name, type, new byte[0], target);
            return this;
        }

        /** A file whose long name travels in a pax extended header. */
        Tar paxFile(String name, byte[] content) {
            String record = "path=" + name + "\n";
            int length = record.length() + 3;
            while (String.valueOf(length).length() + 1 + record.length() != length) {
                length = String.valueOf(length).length() + 1 + record.length();
            }
            entry("PaxHeaders/x", 'x', (length + " " + record).getBytes(StandardCharsets.UTF_8), "");
            entry("ignored-short-name", '0', content, "");
            return this;
        }

        /** A file whose long name travels in a GNU {@code ././@LongLink} entry. */
        Tar gnuLongFile(String name, byte[] content) {
            entry("././@LongLink", 'L', (name + "\0").getBytes(StandardCharsets.UTF_8), "");
            entry(name.substring(0, 99), '0', content, "");
            return this;
        }

        byte[] bytes() {
            out.writeBytes(new byte[1024]);
            return out.toByteArray();
        }

        Path gzip(Path file) throws IOException {
            try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
                gz.write(bytes());
            }
            return file;
        }

        private void entry(String name, char type, byte[] content, String link) {
            byte[] header = new byte[512];
            put(header, 0, name, 100);
            put(header, 100, "0000644", 8);
            put(header, 108, "0001750", 8);
            put(header, 116, "0001750", 8);
            put(header, 124, String.format("%011o", content.length), 12);
            put(header, 136, "14707036510", 12);
            header[156] = (byte) type;
            put(header, 157, link, 100);
            put(header, 257, "ustar", 6);
            put(header, 263, "00", 2);
            for (int i = 148; i < 156; i++) {
                header[i] = ' ';
            }
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            put(header, 148, String.format("%06o", sum), 7);
            out.writeBytes(header);
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        }

        private static void put(byte[] header, int offset, String value, int length) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
        }
    }
}
