package io.vdsweep.jobs.run;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.DatasetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Before the first trial, the executors get and verify every dataset the sweep will train on: a broken file in a
 * user's {@code --data-dir} (or a fetch that cannot work) is then one error naming the file, raised on the driver
 * before anything trains or is written, rather than the same failure recorded for every trial. It also leaves each
 * executor JVM with the digests it will check again per trial already known.
 */
final class DataCheck {

    private DataCheck() {
    }

    /** Throws the first problem an executor found, as a {@link DatasetException}. */
    static void onExecutors(JavaSparkContext jsc, RunSettings settings, Collection<Dataset> datasets) {
        if (datasets.isEmpty()) {
            return;
        }
        int tasks = Math.max(1, jsc.defaultParallelism());
        List<Dataset> wanted = List.copyOf(new LinkedHashSet<>(datasets));
        jsc.setJobGroup("vdsweep-data", "vdsweep: verify datasets " + wanted, true);
        try {
            Set<String> problems = new LinkedHashSet<>(jsc.parallelize(IntStream.range(0, tasks).boxed().toList(),
                    tasks).flatMap(i -> problems(settings, wanted).iterator()).collect());
            if (!problems.isEmpty()) {
                throw new DatasetException(problems.iterator().next());
            }
        } finally {
            jsc.clearJobGroup();
        }
    }

    /** In a Spark task: the one-line problems of the datasets on this executor. */
    private static List<String> problems(RunSettings settings, List<Dataset> datasets) {
        List<String> problems = new ArrayList<>();
        for (Dataset dataset : datasets) {
            try {
                settings.datasetFolder(dataset);
            } catch (DatasetException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }
}
