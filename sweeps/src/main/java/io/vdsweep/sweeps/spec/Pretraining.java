package io.vdsweep.sweeps.spec;

import io.vdsweep.core.nets.Variant;
import java.util.Objects;

/**
 * A pretraining step: before a variational trial trains, the same configuration is trained with {@code variant}
 * (a plain or dropout net) for {@code epochs} (0: the trial's own), and the trial's means start from that net's
 * weights — how the authors train LeNet-5 and VGG-like Sparse VD (Molchanov et al. 2017, §5). The pretraining run
 * is a trial of its own: it runs first, is recorded like any other, and is shared by every trial it serves.
 * Written {@code VARIANT} or {@code VARIANT:EPOCHS}.
 *
 * @param variant the net trained first (not variational)
 * @param epochs  its epochs, 0 for the trial's own
 */
public record Pretraining(Variant variant, int epochs) {

    public Pretraining {
        Objects.requireNonNull(variant, "variant");
        if (variant.bayesian()) {
            throw new IllegalArgumentException("must pretrain a plain or dropout net (no-dropout or binary-dropout), "
                    + "found " + variant.id());
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("pretraining epochs must be >= 0, found " + epochs);
        }
    }

    /** Parses {@code VARIANT} or {@code VARIANT:EPOCHS}. */
    public static Pretraining parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("must be VARIANT or VARIANT:EPOCHS, found " + text);
        }
        int epochs = 0;
        if (parts.length == 2) {
            try {
                epochs = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("pretraining epochs must be an integer, found " + text);
            }
            if (epochs <= 0) {
                throw new IllegalArgumentException("pretraining epochs must be > 0, found " + text);
            }
        }
        return new Pretraining(Variant.fromId(parts[0].trim()), epochs);
    }

    /** The step as its sweep-file string. */
    public String describe() {
        return variant.id() + (epochs > 0 ? ":" + epochs : "");
    }
}
