package io.vdsweep.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR-10's binary batches (Krizhevsky 2009): each record is one label byte then 1024 red, 1024 green and
 * 1024 blue bytes of a 32×32 image, row-major. Several batch files are concatenated in the given order.
 */
public final class CifarBinaryReader {

    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    public static final int CLASSES = 10;

    private CifarBinaryReader() {
    }

    public static ImageSet read(List<Path> batches) {
        long total = 0;
        for (Path file : batches) {
            total += recordCount(file);
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new DatasetException("CIFAR batches " + batches + ": too many records (" + total + ")");
        }
        byte[] pixels = new byte[(int) total * IMAGE_BYTES];
        int[] labels = new int[(int) total];
        int image = 0;
        for (Path file : batches) {
            byte[] bytes = readAll(file);
            for (int r = 0; r < bytes.length / RECORD_BYTES; r++, image++) {
                int offset = r * RECORD_BYTES;
                int label = bytes[offset] & 0xFF;
                if (label >= CLASSES) {
                    throw new DatasetException(file, "label " + label + " of record " + r + " is outside [0, "
                            + CLASSES + ")");
                }
                labels[image] = label;
                System.arraycopy(bytes, offset + 1, pixels, image * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        return new ImageSet(pixels, labels, CHANNELS, SIDE, SIDE, CLASSES);
    }

    private static long recordCount(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, "file not found");
        }
        try {
            long size = Files.size(file);
            if (size == 0 || size % RECORD_BYTES != 0) {
                throw new DatasetException(file, "size " + size + " is not a positive multiple of the "
                        + RECORD_BYTES + "-byte CIFAR-10 record (truncated or not a CIFAR-10 batch)");
            }
            return size / RECORD_BYTES;
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
