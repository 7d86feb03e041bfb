package io.vdsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private final ImageSet train = SmallImages.random(50, 3, 4, 10, 1);
    private final ImageSet test = SmallImages.random(20, 3, 4, 10, 2);

    @Test
    void scaleMapsPixelsIntoUnitInterval() {
        float[] x = Preprocessor.fit(train, Preprocessor.Normalization.SCALE).apply(train);
        for (int i = 0; i < x.length; i++) {
            assertTrue(x[i] >= 0f && x[i] < 1f);
            assertEquals((train.pixels()[i] & 0xFF) / 256f, x[i], 0f);
        }
    }

    @Test
    void meanImageCentresEveryPixelOnTheTrainingSetOnly() {
        Preprocessor p = Preprocessor.fit(train, Preprocessor.Normalization.MEAN_IMAGE);
        float[] x = p.apply(train);
        int features = train.featureCount();
        for (int f = 0; f < features; f++) {
            double sum = 0;
            for (int i = 0; i < train.count(); i++) {
                sum += x[i * features + f];
            }
            assertEquals(0.0, sum / train.count(), 1e-5);
        }
        // The test set is shifted by the training mean, not its own: its mean stays away from zero somewhere.
        float[] t = p.apply(test);
        double worst = 0;
        for (int f = 0; f < features; f++) {
            double sum = 0;
            for (int i = 0; i < test.count(); i++) {
                sum += t[i * features + f];
            }
            worst = Math.max(worst, Math.abs(sum / test.count()));
        }
        assertTrue(worst > 0.01, "test mean image should not be exactly zero, max |mean| " + worst);
    }

    @Test
    void channelStandardizeGivesZeroMeanUnitStdPerChannel() {
        float[] x = Preprocessor.fit(train, Preprocessor.Normalization.CHANNEL_STANDARDIZE).apply(train);
        int plane = 16;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double sumSq = 0;
            int n = 0;
            for (int i = 0; i < train.count(); i++) {
                for (int p = 0; p < plane; p++) {
                    double v = x[i * 48 + c * plane + p];
                    sum += v;
                    sumSq += v * v;
                    n++;
                }
            }
            double mean = sum / n;
            assertEquals(0.0, mean, 1e-4);
            assertEquals(1.0, Math.sqrt(sumSq / n - mean * mean), 1e-3);
        }
    }
}
