package io.vdsweep.core.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Network-wide operations on the variational layers (and SBP noise layers) of a {@link MultiLayerNetwork}: the KL
 * weight and training-set size a warm-up schedule drives between epochs, the inference mode chosen at evaluation
 * time, the total KL and the per-layer sparsity. Changes apply to the layers' configurations, so they are saved with
 * the model.
 */
public final class VariationalLayers {

    private VariationalLayers() {
    }

    /** Sets β, the KL weight, on every variational layer. */
    public static void setKlWeight(MultiLayerNetwork net, double klWeight) {
        forEachSettings(net, s -> s.setKlWeight(klWeight));
    }

    /** Sets N, the training-set size, on every variational layer. */
    public static void setTrainingSetSize(MultiLayerNetwork net, long n) {
        forEachSettings(net, s -> s.setTrainingSetSize(n));
    }

    /** Turns the training-time mask of every variational layer on or off. */
    public static void setTrainMask(MultiLayerNetwork net, boolean on) {
        forEachSettings(net, s -> s.setTrainMask(on));
    }

    /** Chooses how variational layers compute outputs outside training. */
    public static void setInferenceMode(MultiLayerNetwork net, InferenceMode mode) {
        forEachSettings(net, s -> s.setInferenceMode(mode));
    }

    /** KL(q || p) summed over all variational layers (not scaled by β/N). */
    public static double kl(MultiLayerNetwork net) {
        double kl = 0;
        for (Layer layer : layers(net)) {
            if (layer instanceof BayesianLayer b) {
                kl += b.kl();
            }
        }
        return kl;
    }

    /**
     * Sparsity of each variational weight matrix, in network order: one per dense, conv or embedding layer, x–h then
     * h–h per LSTM (SBP nets: see {@code eval.NetStructure}).
     */
    public static List<LayerSparsity> sparsity(MultiLayerNetwork net) {
        List<LayerSparsity> result = new ArrayList<>();
        for (Layer layer : layers(net)) {
            if (layer instanceof AbstractVariationalLayer<?> v) {
                result.add(v.sparsity());
            } else if (layer instanceof VariationalLstmLayer lstm) {
                result.addAll(lstm.sparsity());
            } else if (layer instanceof VariationalEmbeddingLayer embedding) {
                result.add(embedding.sparsity());
            }
        }
        return result;
    }

    /** Whether the network has at least one layer with a KL term (variational weights or SBP noise). */
    public static boolean isVariational(MultiLayerNetwork net) {
        for (Layer layer : layers(net)) {
            if (layer instanceof BayesianLayer) {
                return true;
            }
        }
        return false;
    }

    private static void forEachSettings(MultiLayerNetwork net, Consumer<VariationalSettings> change) {
        for (Layer layer : layers(net)) {
            if (layer.conf().getLayer() instanceof BayesianLayerConfig c) {
                change.accept(c.getVariational());
            }
        }
        for (int i = 0; i < net.getLayerWiseConfigurations().getConfs().size(); i++) {
            if (unwrap(net.getLayerWiseConfigurations().getConf(i).getLayer()) instanceof BayesianLayerConfig c) {
                change.accept(c.getVariational());
            }
        }
    }

    /**
     * The net's layers with wrappers taken off: a recurrent net reads its LSTM's last step through DL4J's
     * {@code LastTimeStep}, whose wrapped layer is the variational one.
     */
    public static List<Layer> layers(MultiLayerNetwork net) {
        List<Layer> layers = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            while (layer instanceof BaseWrapperLayer wrapper) {
                layer = wrapper.getUnderlying();
            }
            layers.add(layer);
        }
        return layers;
    }

    private static org.deeplearning4j.nn.conf.layers.Layer unwrap(org.deeplearning4j.nn.conf.layers.Layer conf) {
        while (conf instanceof org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer wrapper) {
            conf = wrapper.getUnderlying();
        }
        return conf;
    }
}
