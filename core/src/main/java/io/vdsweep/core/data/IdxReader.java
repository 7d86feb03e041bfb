package io.vdsweep.core.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (LeCun et al.), plain or gzip-compressed (detected by content).
 * Image files: magic 0x00000803, count, rows, cols, then bytes. Label files: magic 0x00000801, count, then bytes.
 */
public final class IdxReader {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Reads a pair of image and label files into an {@link ImageSet} of 1-channel images. */
    public static ImageSet read(Path images, Path labels, int classes) {
        Raw img = readImages(images);
        int[] lab = readLabels(labels, classes);
        if (lab.length != img.count) {
            throw new DatasetException(labels, "holds " + lab.length + " labels but " + images.getFileName()
                    + " holds " + img.count + " images");
        }
        return new ImageSet(img.pixels, lab, 1, img.rows, img.cols, classes);
    }

    private record Raw(byte[] pixels, int count, int rows, int cols) {
    }

    private static Raw readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != IMAGES_MAGIC) {
                throw new DatasetException(file, String.format(
                        "wrong magic number 0x%08X, expected 0x%08X (IDX images)", magic, IMAGES_MAGIC));
            }
            int count = readHeaderInt(in, file);
            int rows = readHeaderInt(in, file);
            int cols = readHeaderInt(in, file);
            if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
                throw new DatasetException(file, "bad header: count=" + count + " rows=" + rows + " cols=" + cols);
            }
            byte[] pixels = readBody(in, file, count * rows * cols);
            return new Raw(pixels, count, rows, cols);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static int[] readLabels(Path file, int classes) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != LABELS_MAGIC) {
                throw new DatasetException(file, String.format(
                        "wrong magic number 0x%08X, expected 0x%08X (IDX labels)", magic, LABELS_MAGIC));
            }
            int count = readHeaderInt(in, file);
            if (count < 0) {
                throw new DatasetException(file, "bad header: count=" + count);
            }
            byte[] body = readBody(in, file, count);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = body[i] & 0xFF;
                if (labels[i] >= classes) {
                    throw new DatasetException(file, "label " + labels[i] + " at index " + i + " is outside [0, "
                            + classes + ")");
                }
            }
            return labels;
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, "file not found");
        }
        return new DataInputStream(Checksums.openContent(file));
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DatasetException(file, "truncated header");
        }
    }

    private static byte[] readBody(DataInputStream in, Path file, int expected) throws IOException {
        byte[] body = new byte[expected];
        int read = in.readNBytes(body, 0, expected);
        if (read < expected) {
            throw new DatasetException(file, "truncated: header announces " + expected + " data bytes, file holds "
                    + read);
        }
        if (in.read() != -1) {
            throw new DatasetException(file, "header announces " + expected
                    + " data bytes but the file holds more: counts do not match the size");
        }
        return body;
    }
}
