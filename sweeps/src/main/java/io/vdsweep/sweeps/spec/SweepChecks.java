package io.vdsweep.sweeps.spec;

import io.vdsweep.core.nets.NetBuilder;

/**
 * Checks that need whole trials rather than single values: architecture/dataset combinations
 * ({@link io.vdsweep.core.nets.Architecture#accepts}), widths that empty a layer, a batch larger than the training
 * set, {@code per_variant} settings for a variant no trial runs, search rungs no trial gets past. Run on every expanded trial and pretraining run, so
 * a bad combination anywhere in the grid is reported before anything runs.
 */
final class SweepChecks {

    private SweepChecks() {
    }

    /** Every trial and pretraining run of the sweep. */
    private static java.util.List<TrialConfig> all(SweepSpec spec) {
        java.util.List<TrialConfig> all = new java.util.ArrayList<>();
        for (TrialConfig c : spec.configs()) {
            all.add(c);
            spec.pretrainingConfig(c).ifPresent(all::add);
        }
        return all;
    }

    /**
     * That every distinct net of the sweep builds (a width that empties a layer, an architecture the dataset does
     * not fit): the costly check, since DL4J's builder starts ND4J's native backend (about a second), so it runs
     * once per distinct net, not once per trial of a 100,000-trial grid.
     */
    static void checkNets(SweepSpec spec) {
        java.util.Set<java.util.List<Object>> builtNets = new java.util.HashSet<>();
        for (TrialConfig c : all(spec)) {
            try {
                if (builtNets.add(java.util.List.of(c.netSpec(), c.dataset()))) {
                    NetBuilder.build(c.netSpec(), c.dataset(), 0, 1e-3);
                }
            } catch (IllegalArgumentException e) {
                throw new SweepFileException(spec.file() + ": trial " + c.label() + ": " + e.getMessage());
            }
        }
    }

    /** The checks of single trials' settings and of per_variant, without building nets. */
    static void checkSettings(SweepSpec spec) {
        java.util.Set<io.vdsweep.core.nets.Variant> variants = new java.util.HashSet<>();
        for (TrialConfig c : all(spec)) {
            variants.add(c.variant());
            try {
                c.trainSpec();
                c.dataSpec();
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
        spec.search().ifPresent(search -> {
            int lastRung = search.rungs().get(search.rungs().size() - 1);
            for (TrialConfig c : spec.configs()) {
                if (lastRung >= c.epochs()) {
                    throw new SweepFileException(spec.file() + ": search.rungs: epoch " + lastRung + " is not below "
                            + "the " + c.epochs() + " epochs of trial " + c.label() + "; a rung must leave epochs to "
                            + "continue");
                }
            }
        });
        for (io.vdsweep.core.nets.Variant v : spec.perVariant().keySet()) {
            if (!variants.contains(v)) {
                throw new SweepFileException(spec.file() + ": per_variant." + v.id() + ": the sweep runs no "
                        + v.id() + " trial (its variants: " + variants.stream().map(io.vdsweep.core.nets.Variant::id)
                        .sorted().collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        }
    }
}
