package io.vdsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomLabelsTest {

    private final ImageSet train = SmallImages.random(20_000, 1, 2, 10, 3);

    @Test
    void sameSeedSameLabelsOtherSeedOtherLabels() {
        ImageSet a = RandomLabels.apply(train, 42);
        ImageSet b = RandomLabels.apply(train, 42);
        ImageSet c = RandomLabels.apply(train, 43);
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(Arrays.equals(a.labels(), c.labels()));
        assertSame(train.pixels(), a.pixels(), "pixels are shared, not copied");
    }

    @Test
    void labelsAreUniformAndUnrelatedToTheTrueOnes() {
        ImageSet random = RandomLabels.apply(train, 7);
        int[] counts = random.classCounts();
        for (int count : counts) {
            // 2000 expected per class; 5 standard deviations is ~212.
            assertTrue(Math.abs(count - 2000) < 212, Arrays.toString(counts));
        }
        int agree = 0;
        for (int i = 0; i < train.count(); i++) {
            agree += random.labels()[i] == train.labels()[i] ? 1 : 0;
        }
        assertEquals(0.1, agree / (double) train.count(), 0.015);
    }
}
