package io.vdsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private final ImageSet set = SmallImages.random(7, 1, 5, 10, 1);

    @Test
    void readsWhatWasWrittenPlainAndGzip() {
        for (String suffix : new String[] {"", ".gz"}) {
            Path images = dir.resolve("img" + suffix);
            Path labels = dir.resolve("lab" + suffix);
            IdxWriter.write(set, images, labels);
            ImageSet read = IdxReader.read(images, labels, 10);
            assertArrayEquals(set.pixels(), read.pixels());
            assertArrayEquals(set.labels(), read.labels());
            assertEquals(5, read.height());
            assertEquals(5, read.width());
        }
    }

    @Test
    void missingFileIsNamed() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> IdxReader.read(dir.resolve("nope"), dir.resolve("nope2"), 10));
        assertTrue(e.getMessage().contains("nope: file not found"), e.getMessage());
    }

    @Test
    void wrongMagicNumberIsNamed() throws IOException {
        Path images = dir.resolve("img");
        Path labels = dir.resolve("lab");
        IdxWriter.write(set, images, labels);
        // Swap the files: a label file where images are expected.
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(labels, images, 10));
        assertEquals(labels + ": wrong magic number 0x00000801, expected 0x00000803 (IDX images)", e.getMessage());
    }

    @Test
    void truncatedBodyAndHeader() throws IOException {
        Path images = dir.resolve("img");
        Path labels = dir.resolve("lab");
        IdxWriter.write(set, images, labels);
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(bytes, bytes.length - 3));
        DatasetException body = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, 10));
        assertEquals(images + ": truncated: header announces 175 data bytes, file holds 172", body.getMessage());

        Files.write(images, Arrays.copyOf(bytes, 10));
        DatasetException header = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, 10));
        assertEquals(images + ": truncated header", header.getMessage());
    }

    @Test
    void headerCountsThatDoNotMatchTheSize() throws IOException {
        Path images = dir.resolve("img");
        Path labels = dir.resolve("lab");
        IdxWriter.write(set, images, labels);
        byte[] bytes = Files.readAllBytes(images);
        ByteBuffer.wrap(bytes).putInt(4, 6); // announce 6 images, file holds 7
        Files.write(images, bytes);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, 10));
        assertTrue(e.getMessage().startsWith(images + ": header announces 150 data bytes but the file holds more"),
                e.getMessage());
    }

    @Test
    void labelCountDifferentFromImageCount() {
        Path images = dir.resolve("img");
        Path labels = dir.resolve("lab");
        IdxWriter.write(set, images, dir.resolve("unused"));
        ImageSet fewer = SmallImages.random(4, 1, 5, 10, 2);
        IdxWriter.write(fewer, dir.resolve("unused2"), labels);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, 10));
        assertEquals(labels + ": holds 4 labels but img holds 7 images", e.getMessage());
    }

    @Test
    void labelOutOfRange() throws IOException {
        Path images = dir.resolve("img");
        Path labels = dir.resolve("lab");
        IdxWriter.write(set, images, labels);
        byte[] bytes = Files.readAllBytes(labels);
        bytes[8 + 3] = 12;
        Files.write(labels, bytes);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels, 10));
        assertEquals(labels + ": label 12 at index 3 is outside [0, 10)", e.getMessage());
    }
}
