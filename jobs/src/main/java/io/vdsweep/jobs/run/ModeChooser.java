package io.vdsweep.jobs.run;

import io.vdsweep.core.nets.Architecture;
import io.vdsweep.sweeps.spec.ExecutionSpec;
import io.vdsweep.sweeps.spec.TrialConfig;

/**
 * Decides how a trial runs. {@code auto} uses parameter averaging only where one training step is heavy enough for
 * averaging to pay (≳100 ms per step; bench/README.md has the measured crossover): the VGG-like nets.
 * LeNets run one per task, which keeps every core busy with a whole trial and needs no communication.
 */
public final class ModeChooser {

    private ModeChooser() {
    }

    public static ExecutionSpec.Mode choose(TrialConfig config, ExecutionSpec execution) {
        if (execution.mode() != ExecutionSpec.Mode.AUTO) {
            return execution.mode();
        }
        boolean heavy = config.architecture() == Architecture.VGG_LIKE;
        return heavy && execution.workers() > 1 ? ExecutionSpec.Mode.AVERAGING : ExecutionSpec.Mode.TASK;
    }
}
