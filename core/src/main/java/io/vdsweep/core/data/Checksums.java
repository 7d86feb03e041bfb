package io.vdsweep.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * MD5 checks of dataset files against their published digests. Digests are of a file's standard, uncompressed
 * content: a gzip file (recognised by its magic bytes) is hashed after decompression, so {@code x.gz} and {@code x}
 * carry the same digest.
 *
 * <p>A JVM hashes a file once: the digest is remembered against the file's absolute path, inode, size and
 * modification time (nanoseconds), so the many trials an executor runs on one dataset do not re-read hundreds of
 * megabytes each. A file that is replaced or rewritten changes one of them and is hashed again.
 */
public final class Checksums {

    private static final Map<FileVersion, String> DIGESTS = new ConcurrentHashMap<>();

    /** What identifies one version of a file's content for the memo. */
    private record FileVersion(Path path, Object fileKey, long size, long modifiedNanos) {

        static FileVersion of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileVersion(file.toAbsolutePath().normalize(), attributes.fileKey(), attributes.size(),
                    attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }
    }

    private Checksums() {
    }

    /** Hex MD5 of {@code lines}, each followed by a newline: the digest of a vocabulary written one token per line. */
    public static String md5OfLines(java.util.List<String> lines) {
        return DigestUtils.md5Hex(String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
    }

    /** Hex MD5 of a file's uncompressed content. */
    public static String md5(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, "file not found");
        }
        try {
            FileVersion version = FileVersion.of(file);
            String known = DIGESTS.get(version);
            if (known != null) {
                return known;
            }
            String digest;
            try (InputStream in = openContent(file)) {
                digest = DigestUtils.md5Hex(in);
            }
            DIGESTS.put(version, digest);
            return digest;
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** True when the file exists and has the expected MD5. */
    public static boolean matches(Path file, String expectedMd5) {
        return Files.isRegularFile(file) && md5(file).equalsIgnoreCase(expectedMd5);
    }

    /** Throws a {@link DatasetException} naming the file and both digests unless the file has the expected MD5. */
    public static void verify(Path file, String expectedMd5) {
        String actual = md5(file);
        if (!actual.equalsIgnoreCase(expectedMd5)) {
            throw new DatasetException(file, "MD5 mismatch: expected " + expectedMd5 + ", found " + actual);
        }
    }

    /** Opens a file for reading its content, decompressing it when it is gzip. */
    static InputStream openContent(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return (b0 == 0x1f && b1 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }
}
