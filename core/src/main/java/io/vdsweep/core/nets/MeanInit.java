package io.vdsweep.core.nets;

import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.weights.WeightInit;

/**
 * How the weight means of variational layers start. The authors' Lasagne code uses {@code init.Normal()}, N(0, 0.01²)
 * (bayesgroup/variational-dropout-sparsifies-dnn); DL4J's Xavier is vdsweep's historical default. Written and parsed
 * as {@code xavier} or {@code normal:σ}.
 */
public sealed interface MeanInit {

    /** Sets this initialiser on a layer builder. */
    void apply(BaseLayer.Builder<?> layer);

    /** The initialiser as its sweep-file string. */
    String describe();

    /** Xavier (DL4J's: normal with variance 2 / (fan-in + fan-out)). */
    record Xavier() implements MeanInit {
        @Override
        public void apply(BaseLayer.Builder<?> layer) {
            layer.weightInit(WeightInit.XAVIER);
        }

        @Override
        public String describe() {
            return "xavier";
        }
    }

    /** N(0, σ²) for every mean, whatever the fan-in (the authors' σ = 0.01). */
    record Normal(double sigma) implements MeanInit {
        public Normal {
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("normal: σ must be > 0, found " + sigma);
            }
        }

        @Override
        public void apply(BaseLayer.Builder<?> layer) {
            layer.weightInit(new NormalDistribution(0, sigma));
        }

        @Override
        public String describe() {
            return "normal:" + sigma;
        }
    }

    /** Parses {@code xavier} or {@code normal:σ}. */
    static MeanInit parse(String text) {
        String t = text.trim();
        if (t.equals("xavier")) {
            return new Xavier();
        }
        if (t.startsWith("normal:")) {
            try {
                return new Normal(Double.parseDouble(t.substring("normal:".length()).trim()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("must be xavier or normal:σ (e.g. normal:0.01), found " + text);
    }
}
