package io.vdsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.data.CharCorpus;
import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.ImdbReviews;
import io.vdsweep.core.data.Preprocessor;
import io.vdsweep.core.data.TextSplits;
import io.vdsweep.core.data.TinyText;
import io.vdsweep.core.eval.Evaluator;
import io.vdsweep.core.eval.Metrics;
import io.vdsweep.core.layers.LayerSparsity;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.Variant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recurrent nets train through the one trainer on text in the real formats: sentiment from an IMDB-format file
 * and next characters from PTB-format files, plain and Sparse VD, with per-matrix sparsity and per-position scores.
 */
class RecurrentTrainingTest {

    @TempDir
    Path dir;

    private static Trainer.Outcome train(NetSpec net, Dataset dataset, TrialData data, int epochs, int batch,
            double lr) {
        MultiLayerNetwork model = new MultiLayerNetwork(NetBuilder.build(net, dataset, 5, lr));
        model.init();
        TrainSpec spec = new TrainSpec(epochs, batch, lr, new LrSchedule.Constant(), new KlSchedule.Ramp(0, 0.25), 3,
                null);
        return new Trainer(spec, 5, null).train(model, data, m -> { });
    }

    private static DataSpec dataSpec(Dataset dataset, boolean randomLabels) {
        return new DataSpec(dataset, randomLabels, Preprocessor.Normalization.SCALE, 0, 0);
    }

    @Test
    void lstmSentimentLearnsPlainWithDropoutAndSparse() throws IOException {
        TextSplits text = ImdbReviews.read(TinyText.reviews(dir, 100, 1));
        TrialData data = TrialData.of(dataSpec(Dataset.IMDB, false), text, 5, Map.of("reviews.json", "x"));
        assertEquals(text.vocabularyMd5(), data.checksums().get("vocabulary"));
        for (Variant variant : List.of(Variant.NO_DROPOUT, Variant.BINARY_DROPOUT, Variant.SPARSE_VD)) {
            Trainer.Outcome outcome = train(new NetSpec(Architecture.LSTM_IMDB, variant, 0.05), Dataset.IMDB, data,
                    5, 25, 1e-2);
            Metrics m = Evaluator.evaluate(outcome.net(), data.train(), data.test(), 3);
            assertTrue(m.testAccuracy() > 0.9, variant + ": " + m);
            if (variant == Variant.SPARSE_VD) {
                List<String> names = m.layers().stream().map(LayerSparsity::name).toList();
                assertEquals(4, names.size(), names.toString());
                LayerSparsity embedding = m.layers().get(0);
                // 20,002 rows of which the tiny vocabulary uses 26: the KL alone prunes the unused ones
                assertTrue(embedding.prunedFraction() > 0.5, embedding.toString());
                assertTrue(m.testAccuracyEnsemble() > 0.9, m.toString());
                assertTrue(m.structure().units().isEmpty() && Double.isNaN(m.cpuSpeedup()), m.toString());
            } else {
                assertTrue(m.layers().isEmpty() && m.sparsity() == 0, m.toString());
            }
        }
    }

    @Test
    void characterModelScoresEveryPosition() throws IOException {
        Map<String, String> md5s = TinyText.characters(dir, 400, 2);
        TextSplits text = CharCorpus.read(dir, "train.txt", "valid.txt", "test.txt", md5s).splits(25);
        TrialData data = TrialData.of(dataSpec(Dataset.PTB_CHAR, false), text, 5, md5s);
        assertEquals(25, data.test().predictionsPerExample());
        Trainer.Outcome outcome = train(new NetSpec(Architecture.LSTM_CHAR_PTB, Variant.SPARSE_VD, 0.03),
                Dataset.PTB_CHAR, data, 8, 16, 2e-2);
        EpochMetrics first = outcome.epochs().get(0);
        EpochMetrics last = outcome.epochs().get(outcome.epochs().size() - 1);
        // 17 symbols occur: a uniform guess costs log(17) nats, inside a word the next letter is certain
        assertTrue(last.testNll() < first.testNll() && last.testNll() < 0.6 * Math.log(17), outcome.epochs()
                .toString());
        assertTrue(last.testAccuracy() > 0.6, last.toString());
        Metrics m = Evaluator.evaluate(outcome.net(), data.train(), data.test(), 2);
        assertEquals(last.testNll(), m.testNll(), 1e-6, "per-position NLL, deterministic");
        assertEquals(3, m.layers().size(), m.layers().toString());            // x–h, h–h, the dense layer
        assertTrue(m.layers().get(0).name().startsWith("x") && m.layers().get(1).name().startsWith("h"),
                m.layers().toString());
        double elboPerPosition = -(m.elbo() + m.kl()) / (data.train().count() * 25.0);
        assertTrue(elboPerPosition > 0 && elboPerPosition < Math.log(50), m.toString());
    }

    @Test
    void randomLabelsAreRefusedForNextCharacterTargets() throws IOException {
        Map<String, String> md5s = TinyText.characters(dir, 40, 3);
        TextSplits text = CharCorpus.read(dir, "train.txt", "valid.txt", "test.txt", md5s).splits(25);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TrialData.of(dataSpec(Dataset.PTB_CHAR, true), text, 5, md5s));
        assertTrue(e.getMessage().startsWith("labels: random"), e.getMessage());
    }
}
