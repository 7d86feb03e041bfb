package io.vdsweep.sweeps.spec;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.nets.Architecture;

/**
 * Checks that need whole trials rather than single values: architecture/dataset combinations and widths that empty a
 * layer. Run on every expanded trial, so a bad combination anywhere in the grid is reported before anything runs.
 */
final class SweepChecks {

    private SweepChecks() {
    }

    static void check(SweepSpec spec) {
        for (TrialConfig c : spec.configs()) {
            Architecture arch = c.architecture();
            Dataset data = c.dataset();
            String where = spec.file() + ": trial " + c.label() + ": ";
            if (arch != Architecture.VGG_LIKE && data == Dataset.CIFAR10) {
                throw new SweepFileException(where + "architecture: " + arch.id() + " is defined for 28x28 "
                        + "grayscale inputs (mnist, fashion-mnist), found dataset cifar10");
            }
            if (arch == Architecture.VGG_LIKE && data != Dataset.CIFAR10) {
                throw new SweepFileException(where + "architecture: vgg-like is defined for 32x32 colour inputs "
                        + "(cifar10), found dataset " + data.id());
            }
            try {
                io.vdsweep.core.nets.NetBuilder.build(c.netSpec(), 0, 1e-3);
                c.trainSpec();
            } catch (IllegalArgumentException e) {
                throw new SweepFileException(where + e.getMessage());
            }
        }
    }
}
