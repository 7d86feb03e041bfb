package io.vdsweep.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.sweeps.spec.Knob;
import io.vdsweep.sweeps.spec.SearchSpec;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.trials.SuccessiveHalving;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which trials compete, and what a rung keeps: the decisions behind a search, without Spark. */
class SuccessiveHalvingTest {

    private static final String SWEEP = """
            name: search
            base:
              epochs: 10
              pretrain: no-dropout:4
            grid:
              variant: [sparse-vd, binary-dropout]
              lr: [0.01, 0.001, 0.0001]
            seeds: [1, 2]
            execution:
              checkpoint_dir: /tmp/ckpt
            search:
              metric: test_acc
              rungs: [2, 5]
            """;

    private static SearchSpec search(boolean maximize, int reduction) {
        return new SearchSpec("test_acc", maximize, List.of(2, 5), reduction, List.of(Knob.LR));
    }

    @Test
    void bracketsHoldOneStudyCellsConfigurationsWithTheirReplicatesAndNoPretrainingRun() {
        var spec = SweepParser.parse("s.yaml", SWEEP);
        List<Trial> trials = TrialExpansion.expand(spec);
        List<SuccessiveHalving.Bracket> brackets = SuccessiveHalving.brackets(spec.search().orElseThrow(), trials);
        assertEquals(2, brackets.size(), "one per variant: a search never picks a variant unless asked");
        for (SuccessiveHalving.Bracket b : brackets) {
            assertEquals(3, b.configurations().size(), "the three learning rates");
            for (List<Trial> replicates : b.configurations().values()) {
                assertEquals(2, replicates.size());
                assertEquals(1, replicates.stream().map(t -> t.config().lr()).distinct().count());
                assertEquals(1, replicates.stream().map(t -> t.config().variant()).distinct().count());
            }
            assertTrue(b.configurations().values().stream().flatMap(List::stream).noneMatch(Trial::keepsModel));
        }
        assertTrue(trials.stream().anyMatch(Trial::keepsModel), "the sweep has pretraining runs, left out above");
    }

    @Test
    void aRungKeepsTheBestNthOfTheReplicateMeans() {
        Map<String, List<Double>> values = Map.of("a", List.of(0.90, 0.80), "b", List.of(0.95, 0.96),
                "c", List.of(0.50, 0.60), "d", List.of(0.86, 0.85), "e", List.of(Double.NaN), "f", List.of(0.1));
        SuccessiveHalving.Decision best = SuccessiveHalving.decide(search(true, 3), 0, values);
        assertEquals(List.of("b", "d"), best.kept(), "6 / 3 = 2 kept, ranked on the mean of replicates (a: 0.85)");
        assertEquals(List.of("a", "c", "f", "e"), List.copyOf(best.stopped().keySet()), "NaN ranks last");
        assertEquals("search: stopped at rung 1 (epoch 2): test_acc 0.8500, not among the best 2 of 6 configurations "
                + "(the last kept: 0.8550)", best.stopped().get("a"));
        SuccessiveHalving.Decision lowest = SuccessiveHalving.decide(search(false, 2), 1, values);
        assertEquals(List.of("f", "c", "a"), lowest.kept(), "min: 6 / 2 = 3 kept, smallest first");
        assertTrue(lowest.stopped().get("b").startsWith("search: stopped at rung 2 (epoch 5)"));
    }

    @Test
    void aLoneConfigurationAndTiesAreDecidedTheSameWayEveryTime() {
        assertEquals(List.of("x"), SuccessiveHalving.decide(search(true, 3), 0, Map.of("x", List.of(0.1))).kept());
        Map<String, List<Double>> tied = Map.of("q", List.of(0.5), "p", List.of(0.5), "r", List.of(0.5));
        assertEquals(List.of("p"), SuccessiveHalving.decide(search(true, 3), 0, tied).kept(), "ties: smaller key");
    }

    @Test
    void theTrainedShareCountsEpochsPerStage() {
        SearchSpec search = search(true, 3);     // rungs at epochs 2 and 5
        assertEquals((9 * 2 + 3 * 3 + 1 * 7) / (9.0 * 12), SuccessiveHalving.trainedFraction(search, 9, 12), 1e-12);
        assertEquals((2 * 2 + 1 * 3 + 1 * 7) / (2.0 * 12), SuccessiveHalving.trainedFraction(search, 2, 12), 1e-12);
    }
}
