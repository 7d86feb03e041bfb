package io.vdsweep.bench;

import io.vdsweep.core.data.CharCorpus;
import io.vdsweep.core.layers.LayerSparsity;
import io.vdsweep.core.layers.VariationalLayers;
import io.vdsweep.core.layers.VariationalLstm;
import io.vdsweep.core.layers.VariationalSettings;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A short character-level language model on the Penn Treebank character files, the setting of Lobacheva et al. 2017
 * (sequences of 100, batch 64, Adam lr 2e-3, gradient norm clipped at 1) with hidden size H: a plain DL4J LSTM or the
 * variational LSTM (Sparse VD on both weight matrices, β = 1, N = training sequences; the output layer stays plain
 * here). Prints validation bits per character and the LSTM's sparsity every {@code every} steps. Run through
 * {@code bench/char-ptb.sh DIR}, DIR holding a user's copy of {@code ptb.char.{train,valid,test}.txt} (MD5-checked).
 */
public final class CharPtbRun {

    private static final int LENGTH = 100;
    private static final int BATCH = 64;

    private CharPtbRun() {
    }

    public static void main(String[] args) {
        CharCorpus corpus = CharCorpus.readPtb(Path.of(args[0]));
        int hidden = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        boolean variational = args[3].equals("sparse-vd");
        int every = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        int vocabulary = corpus.vocabulary().size();
        int sequences = CharCorpus.sequences(corpus.train(), LENGTH);
        VariationalSettings s = new VariationalSettings();
        s.setTrainingSetSize(sequences);
        Layer lstm = variational ? new VariationalLstm.Builder().nIn(vocabulary).nOut(hidden).settings(s).build()
                : new LSTM.Builder().nIn(vocabulary).nOut(hidden).activation(Activation.TANH).build();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(2e-3))
                .gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(1)
                .list().layer(lstm)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(vocabulary)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        System.out.printf("char-PTB: vocabulary %d (MD5 %s), %d training sequences of %d; %s LSTM, hidden %d%n",
                vocabulary, corpus.vocabularyMd5(), sequences, LENGTH, variational ? "variational" : "plain", hidden);
        int[] order = shuffled(sequences, 1);
        long start = System.nanoTime();
        for (int step = 1, at = 0; step <= steps; step++, at += BATCH) {
            if (at + BATCH > sequences) {
                order = shuffled(sequences, step);
                at = 0;
            }
            INDArray[] batch = corpus.batch(corpus.train(), order, at, BATCH, LENGTH);
            net.fit(batch[0], batch[1]);
            if (step % every == 0 || step == steps) {
                StringBuilder sparsity = new StringBuilder();
                for (LayerSparsity l : VariationalLayers.sparsity(net)) {
                    sparsity.append(String.format(" %s %.1f%%", l.name(), 100 * l.prunedFraction()));
                }
                System.out.printf("step %d (epoch %.2f): valid %.3f bits/char;%s %.0f s%n", step,
                        (double) step * BATCH / sequences, bitsPerChar(net, corpus), sparsity,
                        (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** Mean −log2 p(next symbol) over the validation stream cut into sequences of {@code LENGTH}. */
    private static double bitsPerChar(MultiLayerNetwork net, CharCorpus corpus) {
        int n = CharCorpus.sequences(corpus.valid(), LENGTH);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double nats = 0;
        for (int first = 0; first < n; first += BATCH) {
            int count = Math.min(BATCH, n - first);
            INDArray[] batch = corpus.batch(corpus.valid(), order, first, count, LENGTH);
            INDArray p = net.output(batch[0]).muli(batch[1]).sum(1);          // [count, LENGTH]
            nats -= Transforms.log(p.addi(1e-12f), false).sumNumber().doubleValue();
        }
        return nats / ((double) n * LENGTH) / Math.log(2);
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Random random = new java.util.Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
