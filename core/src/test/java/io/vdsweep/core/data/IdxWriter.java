package io.vdsweep.core.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an {@link ImageSet} of 1-channel images as an IDX image file and an IDX label file, the inverse of
 * {@link IdxReader}. Used to hand small datasets in the real format to tests and to local runs.
 */
public final class IdxWriter {

    private IdxWriter() {
    }

    /** Writes {@code images} and {@code labels}; a name ending in ".gz" is gzip-compressed. */
    public static void write(ImageSet set, Path images, Path labels) {
        if (set.channels() != 1) {
            throw new IllegalArgumentException("IDX holds 1-channel images, this set has " + set.channels());
        }
        try (DataOutputStream out = open(images)) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(set.count());
            out.writeInt(set.height());
            out.writeInt(set.width());
            out.write(set.pixels());
        } catch (IOException e) {
            throw new DatasetException(images, "cannot write: " + e.getMessage(), e);
        }
        try (DataOutputStream out = open(labels)) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(set.count());
            for (int label : set.labels()) {
                out.writeByte(label);
            }
        } catch (IOException e) {
            throw new DatasetException(labels, "cannot write: " + e.getMessage(), e);
        }
    }

    private static DataOutputStream open(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(new java.io.BufferedOutputStream(
                file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw));
    }
}
