package io.vdsweep.jobs;

/**
 * Sweep files of trivially small trials — LeNet-300-100 at k = 0.1 without dropout, 200 training and 100 test MNIST
 * images — for tests of the sweep engine rather than of training.
 */
public final class TinySweeps {

    private TinySweeps() {
    }

    /**
     * One epoch per trial, one trial per task, one replicate. The {@code execution} section comes last, so a test
     * appends its own execution settings ({@code "  retries: 0\n"}) or top-level keys ({@code "seeds: [1, 2]\n"}).
     */
    public static String oneEpoch(String name, long seed) {
        return """
                name: %s
                seed: %d
                base:
                  dataset: mnist
                  architecture: lenet-300-100
                  variant: no-dropout
                  width: 0.1
                  epochs: 1
                  batch: 50
                  train_limit: 200
                  test_limit: 100
                  ensemble: 1
                execution:
                  mode: task
                """.formatted(name, seed);
    }
}
