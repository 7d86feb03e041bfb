package io.vdsweep.core.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime of {@link VariationalEmbedding}. A minibatch's words are looked up once each: the rows of the words that
 * occur are drawn as w = θ + σ∘ε (rows of words that do not occur cannot change the output, so they are not drawn)
 * and every occurrence reads its word's row. Backprop sums each word's output gradients into its row: dL/dθ = dL/dw,
 * dL/dlog σ² = dL/dw∘ε∘σ/2, plus B·β/N times the KL gradient over the whole matrix (the convention of the other
 * variational layers). The input are word indices, so no input gradient is returned.
 */
public final class VariationalEmbeddingLayer extends BaseLayer<VariationalEmbedding> implements BayesianLayer {

    private static final String MEAN = VariationalEmbedding.EmbeddingParams.MEAN;
    private static final String LOG_SIGMA2 = VariationalEmbedding.EmbeddingParams.LOG_SIGMA2;

    /** The last training forward pass, kept for its backprop; null otherwise. */
    private transient Draw draw;
    /** The KL the last backprop computed, for the score DL4J computes right after it (parameters unchanged). */
    private transient Double klOfLastBackprop;

    public VariationalEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private VariationalSettings settings() {
        return layerConf().getVariational();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        long batch = input.size(0);
        long steps = input.size(input.rank() - 1);
        long dim = layerConf().getNOut();
        INDArray rows;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Words words = Words.of(input, layerConf().getNIn());
            INDArray theta = Nd4j.pullRows(getParam(MEAN), 1, words.distinct());
            InferenceMode mode = training ? InferenceMode.STOCHASTIC : settings().getInferenceMode();
            INDArray weights;
            if (mode == InferenceMode.DETERMINISTIC) {
                INDArray logSigma2 = Nd4j.pullRows(getParam(LOG_SIGMA2), 1, words.distinct());
                weights = Posterior.additiveKept(theta, logSigma2, settings().getPruneThreshold()).muli(theta);
                draw = null;
            } else {
                INDArray sigma = Transforms.exp(Nd4j.pullRows(getParam(LOG_SIGMA2), 1, words.distinct()).muli(0.5),
                        false);
                INDArray noise = Nd4j.createUninitialized(dataType, sigma.shape(), 'c');
                GaussianNoise.fill(noise);
                weights = noise.mul(sigma).addi(theta);
                draw = training ? new Draw(words, noise, sigma) : null;
            }
            rows = Nd4j.pullRows(weights, 1, words.slots());                       // [batch·steps, dim]
        }
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {batch, dim, steps}, 'c');
        out.assign(rows.reshape('c', new long[] {batch, steps, dim}).permute(0, 2, 1));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (draw == null) {
            throw new IllegalStateException("backprop without a training forward pass " + layerId());
        }
        INDArray gradMean = gradientViews.get(MEAN);
        INDArray gradLogSigma2 = gradientViews.get(LOG_SIGMA2);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            long dim = layerConf().getNOut();
            float[][] perSlot = epsilon.permute(0, 2, 1).dup('c').reshape('c', new long[] {-1, dim})
                    .castTo(DataType.FLOAT).toFloatMatrix();
            int[] distinct = draw.words().distinct();
            double[][] perWord = new double[distinct.length][(int) dim];
            int[] slotWord = draw.words().slots();
            for (int slot = 0; slot < perSlot.length; slot++) {
                double[] row = perWord[slotWord[slot]];
                for (int d = 0; d < dim; d++) {
                    row[d] += perSlot[slot][d];
                }
            }
            INDArray dw = Nd4j.createFromArray(perWord).castTo(dataType);         // [words, dim]
            INDArray dLogSigma2 = dw.mul(draw.noise()).muli(draw.sigma()).muli(0.5);
            gradMean.assign(0);
            gradLogSigma2.assign(0);
            for (int w = 0; w < distinct.length; w++) {
                gradMean.putRow(distinct[w], dw.getRow(w));
                gradLogSigma2.putRow(distinct[w], dLogSigma2.getRow(w));
            }
            klOfLastBackprop = KlApproximation.additive(getParam(MEAN), Transforms.exp(getParam(LOG_SIGMA2), true),
                    settings().getLogAlphaClip(), epsilon.size(0) * settings().klScale(), gradMean, gradLogSigma2);
        }
        draw = null;
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(MEAN, gradMean);
        gradient.gradientForVariable().put(LOG_SIGMA2, gradLogSigma2);
        return new Pair<>(gradient, null);
    }

    /** β·KL/N plus any DL4J regularization; right after a backprop, the KL that backprop computed. */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        double kl = klOfLastBackprop != null ? klOfLastBackprop : kl();
        klOfLastBackprop = null;
        return super.calcRegularizationScore(backpropParamsOnly) + settings().klScale() * kl;
    }

    @Override
    public double kl() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return KlApproximation.additive(getParam(MEAN), Transforms.exp(getParam(LOG_SIGMA2), true),
                    settings().getLogAlphaClip(), 0, null, null);
        }
    }

    /** Sparsity of the embedding matrix; a unit is a word, dead when its whole row is pruned. */
    public LayerSparsity sparsity() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray kept = Posterior.additiveKept(getParam(MEAN), getParam(LOG_SIGMA2),
                    settings().getPruneThreshold());
            long dead = kept.sum(1).eq(0).castTo(DataType.INT32).sumNumber().longValue();
            return new LayerSparsity(getIndex(), "embedding", "VariationalEmbedding", kept.length(),
                    kept.sumNumber().longValue(), kept.size(0), dead);
        }
    }

    @Override
    public void clear() {
        super.clear();
        draw = null;
        klOfLastBackprop = null;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    /**
     * The words of a minibatch: the distinct word indices in order of first occurrence, and for each slot (example i,
     * step t at i·steps + t) the position of its word among them.
     */
    private record Words(int[] distinct, int[] slots) {

        static Words of(INDArray indices, long vocabulary) {
            long batch = indices.size(0);
            long steps = indices.size(indices.rank() - 1);
            double[] values = indices.reshape('c', new long[] {batch * steps}).castTo(DataType.DOUBLE)
                    .toDoubleVector();
            Map<Integer, Integer> position = new LinkedHashMap<>();
            int[] slots = new int[values.length];
            for (int s = 0; s < values.length; s++) {
                int word = (int) values[s];
                if (word < 0 || word >= vocabulary || word != values[s]) {
                    throw new IllegalArgumentException("word index " + values[s] + " at slot " + s
                            + " is not in [0, " + vocabulary + ")");
                }
                slots[s] = position.computeIfAbsent(word, w -> position.size());
            }
            return new Words(position.keySet().stream().mapToInt(Integer::intValue).toArray(), slots);
        }
    }

    /** What backprop needs from the training forward pass: the words, the noise and σ of their drawn rows. */
    private record Draw(Words words, INDArray noise, INDArray sigma) {
    }
}
