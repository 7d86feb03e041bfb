package io.vdsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryReaderTest {

    @TempDir
    Path dir;

    /** Writes a set in the CIFAR-10 record layout: label byte, then 3072 pixel bytes (R, G, B planes). */
    static void writeBatch(ImageSet set, Path file) throws IOException {
        byte[] out = new byte[set.count() * CifarBinaryReader.RECORD_BYTES];
        for (int i = 0; i < set.count(); i++) {
            out[i * CifarBinaryReader.RECORD_BYTES] = (byte) set.labels()[i];
            System.arraycopy(set.pixels(), i * CifarBinaryReader.IMAGE_BYTES, out,
                    i * CifarBinaryReader.RECORD_BYTES + 1, CifarBinaryReader.IMAGE_BYTES);
        }
        Files.write(file, out);
    }

    @Test
    void readsBatchesInOrder() throws IOException {
        ImageSet a = SmallImages.random(3, 3, 32, 10, 1);
        ImageSet b = SmallImages.random(2, 3, 32, 10, 2);
        writeBatch(a, dir.resolve("a.bin"));
        writeBatch(b, dir.resolve("b.bin"));
        ImageSet read = CifarBinaryReader.read(List.of(dir.resolve("a.bin"), dir.resolve("b.bin")));
        assertEquals(5, read.count());
        assertArrayEquals(a.pixels(), Arrays.copyOf(read.pixels(), a.pixels().length));
        assertArrayEquals(new int[] {a.labels()[0], a.labels()[1], a.labels()[2], b.labels()[0], b.labels()[1]},
                read.labels());
    }

    @Test
    void truncatedBatch() throws IOException {
        writeBatch(SmallImages.random(2, 3, 32, 10, 1), dir.resolve("a.bin"));
        byte[] bytes = Files.readAllBytes(dir.resolve("a.bin"));
        Files.write(dir.resolve("a.bin"), Arrays.copyOf(bytes, bytes.length - 100));
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarBinaryReader.read(List.of(dir.resolve("a.bin"))));
        assertEquals(dir.resolve("a.bin") + ": size 6046 is not a positive multiple of the 3073-byte CIFAR-10 record"
                + " (truncated or not a CIFAR-10 batch)", e.getMessage());
    }

    @Test
    void labelOutOfRangeAndMissingFile() throws IOException {
        writeBatch(SmallImages.random(2, 3, 32, 10, 1), dir.resolve("a.bin"));
        byte[] bytes = Files.readAllBytes(dir.resolve("a.bin"));
        bytes[CifarBinaryReader.RECORD_BYTES] = (byte) 200;
        Files.write(dir.resolve("a.bin"), bytes);
        DatasetException e = assertThrows(DatasetException.class,
                () -> CifarBinaryReader.read(List.of(dir.resolve("a.bin"))));
        assertEquals(dir.resolve("a.bin") + ": label 200 of record 1 is outside [0, 10)", e.getMessage());

        DatasetException missing = assertThrows(DatasetException.class,
                () -> CifarBinaryReader.read(List.of(dir.resolve("b.bin"))));
        assertEquals(dir.resolve("b.bin") + ": file not found", missing.getMessage());
    }
}
