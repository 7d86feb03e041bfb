package io.vdsweep.core.eval;

import io.vdsweep.core.data.LabeledArrays;
import io.vdsweep.core.layers.InferenceMode;
import io.vdsweep.core.layers.LayerSparsity;
import io.vdsweep.core.layers.SbpNoiseLayer;
import io.vdsweep.core.layers.VariationalLayers;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Evaluates a trained network in the three inference modes of Neklyudov et al. 2019: deterministic (means, pruned
 * weights removed), stochastic (one sample) and ensemble (K samples, probabilities averaged), plus NLL, KL, an
 * ELBO estimate, sparsity and the structure left after pruning. Leaves the network in deterministic mode.
 */
public final class Evaluator {

    private static final int BATCH = 500;

    private Evaluator() {
    }

    /** Full evaluation; {@code train} holds the labels actually trained on. */
    public static Metrics evaluate(MultiLayerNetwork net, LabeledArrays train, LabeledArrays test, int ensembleSize) {
        boolean variational = VariationalLayers.isVariational(net);
        try {
            VariationalLayers.setInferenceMode(net, InferenceMode.DETERMINISTIC);
            INDArray deterministic = probabilities(net, test, test.count());
            double testAccuracy = accuracy(deterministic, test.labels());
            double testNll = nll(deterministic, test.labels());
            double trainAccuracy = accuracy(net, train, train.count());
            double kl = variational ? VariationalLayers.kl(net) : 0;
            double stochastic = Double.NaN;
            double ensemble = Double.NaN;
            double trainNll;
            if (variational) {
                VariationalLayers.setInferenceMode(net, InferenceMode.STOCHASTIC);
                INDArray sum = probabilities(net, test, test.count());
                stochastic = accuracy(sum, test.labels());
                for (int k = 1; k < ensembleSize; k++) {
                    sum.addi(probabilities(net, test, test.count()));
                }
                ensemble = accuracy(sum.divi(ensembleSize), test.labels());
                trainNll = nll(probabilities(net, train, train.count()), train.labels());
            } else {
                trainNll = nll(probabilities(net, train, train.count()), train.labels());
            }
            NetStructure structure = NetStructure.of(net, test.inputs(0, 1));
            List<LayerSparsity> layers = layerSparsity(net, structure);
            double[] sc = Metrics.sparsityAndCompression(layers);
            double elbo = -train.count() * trainNll - kl;
            return new Metrics(testAccuracy, stochastic, ensemble, ensembleSize, trainAccuracy, testNll, kl, elbo,
                    sc[0], sc[1], layers, structure, ShrunkNet.measuredSpeedup(net, structure, test.inputs(0, 1)));
        } finally {
            VariationalLayers.setInferenceMode(net, InferenceMode.DETERMINISTIC);
        }
    }

    /**
     * Weight sparsity per layer: of the variational layers, by their own pruning rule; of an SBP net, whose weight
     * layers are plain, the weights left between the units that remain ({@link NetStructure}).
     */
    public static List<LayerSparsity> layerSparsity(MultiLayerNetwork net, NetStructure structure) {
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            if (layer instanceof SbpNoiseLayer) {
                return structure.layers();
            }
        }
        return VariationalLayers.sparsity(net);
    }

    /** Accuracy on the first {@code limit} examples in the network's current inference mode. */
    public static double accuracy(MultiLayerNetwork net, LabeledArrays data, int limit) {
        int n = Math.min(limit, data.count());
        return accuracy(probabilities(net, data, n), data.labels(0, n));
    }

    /** Predicted class probabilities [n, classes] for the first {@code n} examples. */
    static INDArray probabilities(MultiLayerNetwork net, LabeledArrays data, int n) {
        INDArray out = null;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            INDArray p = net.output(data.inputs(from, to), false);
            if (out == null) {
                out = Nd4j.createUninitialized(DataType.FLOAT, n, p.size(1));
            }
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(p);
        }
        return out;
    }

    private static double accuracy(INDArray probabilities, INDArray oneHot) {
        INDArray labels = oneHot.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, probabilities.size(0)),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        return probabilities.argMax(1).eq(labels.argMax(1)).castTo(DataType.INT32).sumNumber().doubleValue()
                / probabilities.size(0);
    }

    private static double nll(INDArray probabilities, INDArray oneHot) {
        INDArray labels = oneHot.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, probabilities.size(0)),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray logP = Transforms.log(probabilities.add(1e-12f), false);
        return -logP.muli(labels).sumNumber().doubleValue() / probabilities.size(0);
    }
}
