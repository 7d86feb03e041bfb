package io.vdsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {

    /** RFC 1321's test vector: MD5("abc"). */
    private static final String MD5_ABC = "900150983cd24fb0d6963f7d28e17f72";

    @TempDir
    Path dir;

    @Test
    void md5OfPlainAndGzipContentAgree() throws IOException {
        Path plain = dir.resolve("abc");
        Files.writeString(plain, "abc", StandardCharsets.US_ASCII);
        Path gz = dir.resolve("abc.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("abc".getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(MD5_ABC, Checksums.md5(plain));
        assertEquals(MD5_ABC, Checksums.md5(gz));
        assertTrue(Checksums.matches(plain, MD5_ABC.toUpperCase()));
        assertDoesNotThrow(() -> Checksums.verify(gz, MD5_ABC));
    }

    @Test
    void mismatchNamesFileAndBothDigests() throws IOException {
        Path file = dir.resolve("abd");
        Files.writeString(file, "abd", StandardCharsets.US_ASCII);
        assertFalse(Checksums.matches(file, MD5_ABC));
        DatasetException e = assertThrows(DatasetException.class, () -> Checksums.verify(file, MD5_ABC));
        assertTrue(e.getMessage().startsWith(file + ": MD5 mismatch: expected " + MD5_ABC + ", found "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void missingFile() {
        assertFalse(Checksums.matches(dir.resolve("none"), MD5_ABC));
        DatasetException e = assertThrows(DatasetException.class, () -> Checksums.verify(dir.resolve("none"), MD5_ABC));
        assertEquals(dir.resolve("none") + ": file not found", e.getMessage());
    }

    @Test
    void datasetVerifyNamesTheFirstBadFile() throws IOException {
        ImageSet set = SmallImages.random(3, 1, 28, 10, 4);
        IdxWriter.write(set, dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"));
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.MNIST.verify(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("train-images-idx3-ubyte") + ": MD5 mismatch: expected "
                + "6bbc9ace898e44ae57da46a324031adb"), e.getMessage());
        assertFalse(Dataset.MNIST.isVerified(dir));
    }
}
