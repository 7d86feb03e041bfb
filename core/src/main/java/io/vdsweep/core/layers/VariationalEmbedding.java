package io.vdsweep.core.layers;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a word embedding whose matrix [vocabulary, dimension] is a Sparse VD posterior N(θ, σ²) with the
 * log-uniform prior, as Lobacheva et al. 2017 sparsify the embedding of their IMDB LSTM: one weight sample per
 * minibatch (each word that occurs in it gets one sampled row, shared by all its occurrences), weights with
 * log α &gt; 3 pruned. Input: word indices [batch, steps] (or [batch, 1, steps]); output [batch, dimension, steps], the
 * layout DL4J's recurrent layers read.
 */
public class VariationalEmbedding extends FeedForwardLayer implements BayesianLayerConfig {

    private static final long serialVersionUID = 1L;

    private VariationalSettings variational = new VariationalSettings();

    /** For JSON deserialization. */
    public VariationalEmbedding() {
    }

    private VariationalEmbedding(Builder builder) {
        super(builder);
        this.variational = builder.variational.clone();
        this.variational.setParameterization(Parameterization.ADDITIVE);
    }

    @Override
    public VariationalSettings getVariational() {
        return variational;
    }

    @Override
    public void setVariational(VariationalSettings variational) {
        this.variational = variational;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType networkDataType) {
        LayerValidation.assertNInNOutSet("VariationalEmbedding", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerWiring.wire(new VariationalEmbeddingLayer(conf, networkDataType), conf, listeners, layerIndex,
                paramsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return EmbeddingParams.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long steps = inputType instanceof InputType.InputTypeRecurrent r ? r.getTimeSeriesLength() : -1;
        return InputType.recurrent(nOut, steps);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // nIn is the vocabulary size, set on the builder; the input type carries only indices
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(getLayerName(), VariationalEmbedding.class, inputType, out)
                .standardMemory(params, getIUpdater().stateSize(params))
                .workingMemory(0, 0, 0, 3 * out.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public VariationalEmbedding clone() {
        VariationalEmbedding clone = (VariationalEmbedding) super.clone();
        clone.variational = variational.clone();
        return clone;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VariationalEmbedding v && super.equals(o) && variational.equals(v.variational);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), variational);
    }

    /** Builder: nIn is the vocabulary size, nOut the embedding dimension. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private VariationalSettings variational = new VariationalSettings();

        /** Starts from a copy of {@code settings}; the parameterization is always the additive one. */
        public Builder settings(VariationalSettings settings) {
            variational = settings.clone();
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public VariationalEmbedding build() {
            return new VariationalEmbedding(this);
        }
    }

    /** θ [vocabulary, dimension] from the weight initialiser and log σ² of the same shape at its initial value. */
    static final class EmbeddingParams implements ParamInitializer {

        static final String MEAN = Posterior.MEAN;
        static final String LOG_SIGMA2 = Posterior.LOG_SIGMA2;
        static final EmbeddingParams INSTANCE = new EmbeddingParams();

        private EmbeddingParams() {
        }

        private static VariationalEmbedding config(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return (VariationalEmbedding) layer;
        }

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return 2 * config(layer).getNIn() * config(layer).getNOut();
        }

        @Override
        public List<String> paramKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of(MEAN, LOG_SIGMA2);
        }

        @Override
        public List<String> weightKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of(MEAN, LOG_SIGMA2);
        }

        @Override
        public List<String> biasKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of();
        }

        @Override
        public boolean isWeightParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return true;
        }

        @Override
        public boolean isBiasParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return false;
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView,
                boolean initializeParams) {
            VariationalEmbedding c = config(conf.getLayer());
            Map<String, INDArray> params = slice(c, paramsView);
            if (initializeParams) {
                c.getWeightInitFn().init(c.getNIn(), c.getNOut(), params.get(MEAN).shape(), 'c', params.get(MEAN));
                params.get(LOG_SIGMA2).assign(c.getVariational().getLogVarianceInit());
            }
            return params;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            return slice(config(conf.getLayer()), gradientView);
        }

        private static Map<String, INDArray> slice(VariationalEmbedding c, INDArray flat) {
            INDArray vector = flat.reshape(flat.length());
            long n = c.getNIn() * c.getNOut();
            Map<String, INDArray> views = new java.util.LinkedHashMap<>();
            views.put(MEAN, vector.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n))
                    .reshape('c', c.getNIn(), c.getNOut()));
            views.put(LOG_SIGMA2, vector.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n, 2 * n))
                    .reshape('c', c.getNIn(), c.getNOut()));
            return views;
        }
    }
}
