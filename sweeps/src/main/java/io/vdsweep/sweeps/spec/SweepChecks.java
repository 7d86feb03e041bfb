package io.vdsweep.sweeps.spec;

import io.vdsweep.core.nets.NetBuilder;

/**
 * Checks that need whole trials rather than single values: architecture/dataset combinations
 * ({@link io.vdsweep.core.nets.Architecture#accepts}), widths that empty a layer, a batch larger than the training
 * set. Run on every expanded trial, so
 * a bad combination anywhere in the grid is reported before anything runs.
 */
final class SweepChecks {

    private SweepChecks() {
    }

    static void check(SweepSpec spec) {
        // Building a net is the costly check: once per distinct net, not once per trial of a 100,000-trial grid.
        java.util.Set<java.util.List<Object>> builtNets = new java.util.HashSet<>();
        for (TrialConfig c : spec.configs()) {
            try {
                if (builtNets.add(java.util.List.of(c.netSpec(), c.dataset()))) {
                    NetBuilder.build(c.netSpec(), c.dataset(), 0, 1e-3);
                }
                c.trainSpec();
                int examples = c.trainLimit() > 0 ? Math.min(c.trainLimit(), c.dataset().trainExamples())
                        : c.dataset().trainExamples();
                if (c.batch() > examples) {
                    throw new IllegalArgumentException("batch: " + c.batch() + " is larger than the training set ("
                            + examples + " examples" + (c.trainLimit() > 0 ? " with train_limit " + c.trainLimit()
                            : "") + "): every epoch would be one short minibatch");
                }
                if (c.pretrain().isPresent() && !c.pretrained().isEmpty()) {
                    throw new IllegalArgumentException("pretrain: give either pretrain (a pretraining run) or "
                            + "pretrained (a saved model), not both");
                }
            } catch (IllegalArgumentException e) {
                throw new SweepFileException(spec.file() + ": trial " + c.label() + ": " + e.getMessage());
            }
        }
    }
}
