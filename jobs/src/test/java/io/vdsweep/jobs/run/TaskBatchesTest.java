package io.vdsweep.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small trials share tasks, large ones keep a task each, and every slot still gets several tasks. */
class TaskBatchesTest {

    private static List<Trial> trials(int repeats, String epochsAndLimit) {
        return TrialExpansion.expand(SweepParser.parse("b.yaml", """
                name: b
                base:
                  dataset: mnist
                  architecture: lenet-300-100
                  variant: no-dropout
                  width: 0.1
                  %s
                repeats: %d
                """.formatted(epochsAndLimit, repeats)));
    }

    @Test
    void smallTrialsGoInBatchesOfAQuarterOfTheirShareOfASlotAtMost() {
        List<Trial> tiny = trials(128, "epochs: 1\n  train_limit: 200");
        List<List<Trial>> batches = TaskBatches.of(tiny, 2);
        assertEquals(8, batches.size(), "128 small trials, 2 slots: 4 tasks per slot of 16");
        assertEquals(tiny, batches.stream().flatMap(List::stream).toList(), "in order, each once");
        assertEquals(1, TaskBatches.of(tiny.subList(0, 8), 2).get(0).size(), "8 trials: one per task still");
        assertEquals(24, TaskBatches.of(tiny.subList(0, 24), 2).size(), "12 per slot: batches of 3 would save "
                + "too little");
        assertEquals(7, TaskBatches.of(tiny.subList(0, 26), 2).size(), "13 per slot: batches of 4");
        List<List<Trial>> many = TaskBatches.of(trials(2000, "epochs: 1\n  train_limit: 200"), 2);
        // each ~0.06 s: about 2 s of them per task
        assertEquals((int) Math.floor(TaskBatches.BATCH_SECONDS / (TaskBatches.FIXED_SECONDS + 2.8e-6)),
                many.get(0).size(), 1);
    }

    @Test
    void largeTrialsKeepATaskEach() {
        List<Trial> large = trials(6, "epochs: 3");        // 60k images, three epochs: seconds each
        assertEquals(6, TaskBatches.of(large, 2).size());
        assertEquals(1, TaskBatches.of(large, 2).stream().mapToInt(List::size).max().orElseThrow());
    }
}
