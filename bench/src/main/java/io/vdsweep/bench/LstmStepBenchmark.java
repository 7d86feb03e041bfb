package io.vdsweep.bench;

import io.vdsweep.core.layers.VariationalLayers;
import io.vdsweep.core.layers.VariationalLstm;
import io.vdsweep.core.layers.VariationalSettings;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * One training step of a character-level language model shaped like the char-PTB setting of Lobacheva et al. 2017
 * (vocabulary 50, sequences of 100, batch 64; hidden size H = 1000·k): DL4J's plain LSTM against the variational
 * LSTM of the same size (one weight sample per minibatch, KL in the gradient), alternating, after a warm-up, on
 * random one-hot characters. Run through {@code bench/lstm-step.sh}, which pins ND4J to one thread.
 */
public final class LstmStepBenchmark {

    private static final int VOCAB = 50;
    private static final int STEPS = 100;
    private static final int BATCH = 64;

    private LstmStepBenchmark() {
    }

    public static void main(String[] args) {
        int hidden = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        MultiLayerNetwork plain = net(new LSTM.Builder().nIn(VOCAB).nOut(hidden).activation(Activation.TANH).build(),
                hidden);
        VariationalSettings s = new VariationalSettings();
        s.setTrainingSetSize(50_000);
        MultiLayerNetwork variational = net(new VariationalLstm.Builder().nIn(VOCAB).nOut(hidden).settings(s).build(),
                hidden);
        VariationalLayers.setTrainingSetSize(variational, 50_000);
        DataSet batch = batch();
        System.out.printf("threads: OMP_NUM_THREADS=%s; hidden %d, batch %d x %d steps, vocabulary %d%n",
                System.getenv("OMP_NUM_THREADS"), hidden, BATCH, STEPS, VOCAB);
        steps(plain, batch, 3);
        steps(variational, batch, 3);
        double plainTotal = 0;
        double vdTotal = 0;
        for (int r = 0; r < repeats; r++) {
            double p = steps(plain, batch, 5);
            double v = steps(variational, batch, 5);
            plainTotal += p;
            vdTotal += v;
            System.out.printf("repeat %d: plain LSTM %.1f ms/step, variational LSTM %.1f ms/step, ratio %.2fx%n",
                    r + 1, 1e3 * p, 1e3 * v, v / p);
        }
        System.out.printf("mean over %d: plain LSTM %.1f ms/step, variational LSTM %.1f ms/step, ratio %.2fx%n",
                repeats, 1e3 * plainTotal / repeats, 1e3 * vdTotal / repeats, vdTotal / plainTotal);
    }

    private static MultiLayerNetwork net(Layer lstm, int hidden) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(2e-3)).list()
                .layer(lstm)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(VOCAB)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    /** Random one-hot characters and the next character as the label. */
    private static DataSet batch() {
        java.util.Random random = new java.util.Random(7);
        INDArray x = Nd4j.zeros(DataType.FLOAT, BATCH, VOCAB, STEPS);
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, VOCAB, STEPS);
        for (int i = 0; i < BATCH; i++) {
            int c = random.nextInt(VOCAB);
            for (int t = 0; t < STEPS; t++) {
                x.putScalar(new int[] {i, c, t}, 1);
                c = random.nextInt(VOCAB);
                y.putScalar(new int[] {i, c, t}, 1);
            }
        }
        return new DataSet(x, y);
    }

    /** Seconds per {@code fit} of the batch, averaged over {@code n} steps. */
    private static double steps(MultiLayerNetwork net, DataSet batch, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            net.fit(batch);
        }
        return (System.nanoTime() - start) / 1e9 / n;
    }
}
