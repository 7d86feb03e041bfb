package io.vdsweep.jobs.cli;

import io.vdsweep.jobs.store.ResultStore;
import io.vdsweep.jobs.store.ResultsLock;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vdsweep compact RESULTS [--sweep NAME]}: each sweep's trials and epochs tables rewritten as one Parquet file
 * each ({@link ResultStore#compact}), under the sweep's run lock, and its summary refreshed — for results written
 * before runs compacted at their end, or by many short runs.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Rewrite each sweep's trials and epochs tables under RESULTS as one Parquet file each (every "
                + "trial once, as plain Parquet readers should see it) and refresh its summary; crash-safe, under "
                + "the sweep's run lock.")
final class CompactCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ResultsCommands selection;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();   // else embedded: leave it running
        SparkSession session = ResultsCommands.session("vdsweep compact");
        try {
            for (String name : selection.sweeps(session)) {
                ResultStore store = new ResultStore(session, selection.results, name);
                try (ResultsLock lock = store.lock(false, out)) {
                    store.recover();
                    ResultStore.Compaction c = store.compact();
                    if (c == null) {
                        out.printf("sweep %s: already one trials file%n", name);
                    } else {
                        store.writeSummary();
                        out.printf("sweep %s: %d trials files and %d epochs files compacted into one each (%d trials "
                                + "rows, %d epochs rows)%n", name, c.trialsFiles(), c.epochsFiles(), c.trialsRows(),
                                c.epochsRows());
                    }
                    store.removeStaging();
                }
            }
            out.flush();
            return 0;
        } finally {
            if (ownSession) {
                session.stop();
            }
        }
    }
}
