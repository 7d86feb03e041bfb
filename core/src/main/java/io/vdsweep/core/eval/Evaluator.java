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
            Scores deterministic = scores(net, test, test.count());
            Scores trainDeterministic = scores(net, train, train.count());
            double kl = variational ? VariationalLayers.kl(net) : 0;
            double stochastic = Double.NaN;
            double ensemble = Double.NaN;
            double trainNll = trainDeterministic.nll();
            if (variational) {
                VariationalLayers.setInferenceMode(net, InferenceMode.STOCHASTIC);
                INDArray targets = test.targetRows(0, test.count());
                INDArray sum = probabilities(net, test, test.count());
                stochastic = accuracy(sum, targets);
                for (int k = 1; k < ensembleSize; k++) {
                    sum.addi(probabilities(net, test, test.count()));
                }
                ensemble = accuracy(sum.divi(ensembleSize), targets);
                trainNll = scores(net, train, train.count()).nll();
            }
            NetStructure structure = NetStructure.of(net, test.inputs(0, 1));
            List<LayerSparsity> layers = layerSparsity(net, structure);
            double[] sc = Metrics.sparsityAndCompression(layers);
            double elbo = -(double) train.count() * train.predictionsPerExample() * trainNll - kl;
            return new Metrics(deterministic.accuracy(), stochastic, ensemble, ensembleSize,
                    trainDeterministic.accuracy(), deterministic.nll(), kl, elbo, sc[0], sc[1], layers, structure,
                    ShrunkNet.measuredSpeedup(net, structure, test.inputs(0, 1)));
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

    /**
     * Accuracy and mean negative log-likelihood (nats) per prediction — per example, or per position of a language
     * model — on the first {@code limit} examples in the network's current inference mode, a batch at a time.
     */
    public static Scores scores(MultiLayerNetwork net, LabeledArrays data, int limit) {
        int n = Math.min(limit, data.count());
        long correct = 0;
        double nats = 0;
        long predictions = 0;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            INDArray p = data.layout().outputRows(net.output(data.inputs(from, to), false));
            INDArray targets = data.targetRows(from, to);
            correct += p.argMax(1).eq(targets.argMax(1)).castTo(DataType.INT32).sumNumber().longValue();
            nats -= Transforms.log(p.add(1e-12f), false).muli(targets).sumNumber().doubleValue();
            predictions += p.size(0);
        }
        return new Scores((double) correct / predictions, nats / predictions);
    }

    /** Accuracy and mean negative log-likelihood per prediction. */
    public record Scores(double accuracy, double nll) {
    }

    /** Predicted class probabilities as rows [n · predictions per example, classes] for the first {@code n} examples. */
    static INDArray probabilities(MultiLayerNetwork net, LabeledArrays data, int n) {
        INDArray out = null;
        int per = data.predictionsPerExample();
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            INDArray p = data.layout().outputRows(net.output(data.inputs(from, to), false));
            if (out == null) {
                out = Nd4j.createUninitialized(DataType.FLOAT, (long) n * per, p.size(1));
            }
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval((long) from * per, (long) to * per),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(p);
        }
        return out;
    }

    private static double accuracy(INDArray probabilities, INDArray oneHot) {
        return probabilities.argMax(1).eq(oneHot.argMax(1)).castTo(DataType.INT32).sumNumber().doubleValue()
                / probabilities.size(0);
    }
}
