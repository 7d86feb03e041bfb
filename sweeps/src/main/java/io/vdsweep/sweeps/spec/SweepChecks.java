package io.vdsweep.sweeps.spec;

/**
 * Checks that need whole trials rather than single values: architecture/dataset combinations
 * ({@link io.vdsweep.core.nets.Architecture#accepts}), widths that empty a layer, a batch larger than the training
 * set, {@code per_variant} settings for a variant no trial runs, search rungs no trial gets past. Run on every
 * expanded trial and pretraining run, so a bad combination anywhere in the grid is reported before anything runs.
 */
final class SweepChecks {

    private SweepChecks() {
    }

    /**
     * The checks of single trials' settings — each net buildable for its input
     * ({@link io.vdsweep.core.nets.NetSpec#requireBuildableFor}, which needs no ND4J) — of the search and of
     * per_variant.
     */
    static void checkSettings(SweepSpec spec) {
        java.util.Set<io.vdsweep.core.nets.Variant> variants = new java.util.HashSet<>();
        int lastRung = spec.search().map(s -> s.rungs().get(s.rungs().size() - 1)).orElse(0);
        for (TrialConfig c : spec.configs()) {
            check(spec, c, variants);
            spec.pretrainingConfig(c).ifPresent(pre -> check(spec, pre, variants));
            if (lastRung >= c.epochs()) {
                throw new SweepFileException(spec.file() + ": search.rungs: epoch " + lastRung + " is not below the "
                        + c.epochs() + " epochs of trial " + c.label() + "; a rung must leave epochs to continue");
            }
        }
        for (io.vdsweep.core.nets.Variant v : spec.perVariant().keySet()) {
            if (!variants.contains(v)) {
                throw new SweepFileException(spec.file() + ": per_variant." + v.id() + ": the sweep runs no "
                        + v.id() + " trial (its variants: " + variants.stream().map(io.vdsweep.core.nets.Variant::id)
                        .sorted().collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        }
    }

    /** One trial's or pretraining run's settings; its variant joins {@code variants}. */
    private static void check(SweepSpec spec, TrialConfig c, java.util.Set<io.vdsweep.core.nets.Variant> variants) {
        variants.add(c.variant());
        try {
            c.trainSpec();
            c.dataSpec();
            c.netSpec().requireBuildableFor(c.dataset());
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
