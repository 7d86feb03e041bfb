package io.vdsweep.core.data;

import java.util.SplittableRandom;

/** Small random image sets for tests. */
final class SmallImages {

    private SmallImages() {
    }

    static ImageSet random(int count, int channels, int side, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * channels * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(classes);
        }
        return new ImageSet(pixels, labels, channels, side, side, classes);
    }
}
