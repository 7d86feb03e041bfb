package io.vdsweep.jobs.run;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.Success$;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A console line whenever a trial's Spark task fails under it — an executor lost, killed or out of memory — which
 * Spark then runs again (up to {@code spark.task.maxFailures}) or reports to the driver as a failed attempt. Without
 * it a restarted trial only shows as a slow one.
 */
final class TaskRestarts extends SparkListener {

    private final PrintWriter out;
    private final Map<Integer, String> stageJobs = new ConcurrentHashMap<>();

    TaskRestarts(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        String description = submitted.properties() == null ? null
                : submitted.properties().getProperty("spark.job.description");
        if (description != null) {
            stageJobs.put(submitted.stageInfo().stageId(), description);
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        stageJobs.remove(completed.stageInfo().stageId());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() == Success$.MODULE$ || !(end.reason() instanceof TaskFailedReason failed)
                || !failed.countTowardsTaskFailures()) {
            return;     // finished, or killed on purpose (a cancelled job)
        }
        String error = (failed instanceof ExceptionFailure thrown ? thrown.className() + ": " + thrown.description()
                : failed.toErrorString()).strip().replaceAll("\\s*\n\\s*", " ");
        out.printf("spark: a task of %s failed on executor %s (%s)%n",
                stageJobs.getOrDefault(end.stageId(), "stage " + end.stageId()), end.taskInfo().executorId(),
                error.length() > 300 ? error.substring(0, 300) + "..." : error);
        out.flush();
    }
}
