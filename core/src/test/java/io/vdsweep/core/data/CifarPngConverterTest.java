package io.vdsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarPngConverterTest {

    @TempDir
    Path dir;

    @Test
    void pngRowsBecomeStandardRecords() throws IOException {
        ImageSet set = SmallImages.random(4, 3, 32, 10, 9);
        BufferedImage png = new BufferedImage(1024, set.count(), BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < set.count(); i++) {
            for (int p = 0; p < 1024; p++) {
                int base = i * 3072;
                int r = set.pixels()[base + p] & 0xFF;
                int g = set.pixels()[base + 1024 + p] & 0xFF;
                int b = set.pixels()[base + 2048 + p] & 0xFF;
                png.setRGB(p, i, (r << 16) | (g << 8) | b);
            }
        }
        ImageIO.write(png, "png", dir.resolve("batch.png").toFile());
        Files.writeString(dir.resolve("labels.json"), "[7," + set.labels()[0] + "," + set.labels()[1] + ","
                + set.labels()[2] + "," + set.labels()[3] + "]");
        int[] labels = CifarPngConverter.readLabels(dir.resolve("labels.json"));

        CifarPngConverter.convert(dir.resolve("batch.png"), labels, 1, dir.resolve("batch.bin"));
        ImageSet read = CifarBinaryReader.read(List.of(dir.resolve("batch.bin")));
        assertArrayEquals(set.pixels(), read.pixels());
        assertArrayEquals(set.labels(), read.labels());

        assertThrows(DatasetException.class,
                () -> CifarPngConverter.convert(dir.resolve("batch.png"), labels, 2, dir.resolve("x.bin")));
    }
}
