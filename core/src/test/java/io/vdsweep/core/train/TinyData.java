package io.vdsweep.core.train;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.ImageSet;
import io.vdsweep.core.data.Preprocessor;
import java.util.Map;
import java.util.SplittableRandom;

/** Small learnable MNIST-shaped data: the label is the brightest of four quadrants. */
public final class TinyData {

    private TinyData() {
    }

    public static ImageSet images(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * 784];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(4);
            labels[i] = label;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    int quadrant = (r / 14) * 2 + c / 14;
                    int base = quadrant == label ? 120 : 0;
                    pixels[i * 784 + r * 28 + c] = (byte) (base + random.nextInt(120));
                }
            }
        }
        return new ImageSet(pixels, labels, 1, 28, 28, 10);
    }

    public static TrialData data(boolean randomLabels, boolean asImages) {
        DataSpec spec = new DataSpec(Dataset.MNIST, randomLabels, Preprocessor.Normalization.MEAN_IMAGE, 0, 0);
        return TrialData.of(spec, images(400, 1), images(200, 2), asImages, 3, Map.of());
    }
}
