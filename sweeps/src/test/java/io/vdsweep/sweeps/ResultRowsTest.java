package io.vdsweep.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vdsweep.core.eval.Evaluator;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.nets.Variant;
import io.vdsweep.core.train.EpochListener;
import io.vdsweep.core.train.TinyData;
import io.vdsweep.core.train.Trainer;
import io.vdsweep.core.train.TrialData;
import io.vdsweep.core.train.TrialRunner;
import io.vdsweep.sweeps.schema.Column;
import io.vdsweep.sweeps.schema.Provenance;
import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.schema.ResultSchema;
import io.vdsweep.sweeps.spec.Knob;
import io.vdsweep.sweeps.spec.TrialConfig;
import io.vdsweep.sweeps.trials.Trial;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** Every declared column is filled, for every variant, from a real (tiny) trained trial. */
class ResultRowsTest {

    private static final Provenance PROVENANCE = new Provenance("abc", "0.1", "3.5.1", "1.0.0-M2.1", "CpuBackend", "1",
            "17", "Linux", "amd64", "host/driver");

    private static ResultRows.Attempt attempt(TrialConfig config) {
        Trial trial = new Trial("s", "0123456789abcdef", "fedcba9876543210", 7, config, "{}");
        return new ResultRows.Attempt(trial, 1, "task", 1, PROVENANCE, Instant.now(), Instant.now());
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    @Test
    void everyColumnIsFilledForEveryVariant() {
        TrialData data = TinyData.data(false, false);
        for (Variant variant : Variant.values()) {
            TrialConfig config = TrialConfig.of(Map.of(Knob.VARIANT, variant, Knob.WIDTH, 0.1, Knob.EPOCHS, 1,
                    Knob.BATCH, 50), 0);
            MultiLayerConfiguration conf = NetBuilder.build(config.netSpec(), config.dataset(), 7, config.lr());
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            Trainer.Outcome trained = new Trainer(config.trainSpec(), 7, null).train(net, data, EpochListener.NONE);
            TrialRunner.Outcome outcome = new TrialRunner.Outcome(Evaluator.evaluate(trained.net(), data.train(),
                    data.test(), 2), trained.epochs(), 0, conf.toJson(), Map.of("train.idx", "d41d8cd9"), 1.5,
                    trained.net());

            ResultRows.Rows rows = ResultRows.ok(attempt(config), outcome);
            assertEquals(names(ResultSchema.TRIALS.columns()), List.copyOf(rows.trial().keySet()));
            // filled for every image net; test_bpc only for a character-level language model
            List<String> optional = List.of("error", "pretrained_from", "test_bpc");
            rows.trial().forEach((column, value) -> {
                if (!optional.contains(column)) {
                    assertNotNull(value, variant.id() + ": trials." + column);
                }
            });
            assertEquals(null, rows.trial().get("test_bpc"));
            assertEquals(variant.id(), rows.trial().get("variant"));
            assertEquals(1, rows.epochs().size());
            assertEquals(names(ResultSchema.EPOCHS.columns()), List.copyOf(rows.epochs().get(0).keySet()));
            rows.epochs().get(0).forEach((column, value) -> {
                if (!optional.contains(column)) {
                    assertNotNull(value, variant.id() + ": epochs." + column);
                }
            });
        }
    }

    @Test
    void aFailedAttemptFillsWhatItKnowsAndLeavesMetricsEmpty() {
        ResultRows.Rows rows = ResultRows.failed(attempt(TrialConfig.of(Map.of(), 3)), "Boom: no", true);
        for (Column c : ResultSchema.TRIALS.columns()) {
            Object value = rows.trial().get(c.name());
            if (!c.nullable()) {
                assertNotNull(value, "trials." + c.name());
            }
        }
        assertEquals("FAILED", rows.trial().get("status"));
        assertEquals(3L, rows.trial().get("replicate"));
        assertNull(rows.trial().get("test_acc"));
        assertEquals(List.of(), rows.epochs());
    }

    @Test
    void aNonNullableColumnLeftEmptyIsABugNamedByColumn() {
        ResultRows.Attempt noProvenance = new ResultRows.Attempt(attempt(TrialConfig.of(Map.of(), 0)).trial(), 1,
                "task", 1, new Provenance(null, "0.1", "3.5.1", "m2", "cpu", "1", "17", "Linux", "amd64", "x"),
                Instant.now(), Instant.now());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ResultRows.failed(noProvenance, "x", false));
        assertEquals("trials.git_commit is not nullable but was left empty", e.getMessage());
    }
}
