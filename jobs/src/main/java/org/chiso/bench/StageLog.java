package org.chiso.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/** A Spark listener that records the completed Spark stages while registered: tasks, input/shuffle records, executor run and CPU time. */
final class StageLog extends SparkListener {
    private final List<String> stages = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> runMs = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
        StageInfo i = e.stageInfo();
        TaskMetrics m = i.taskMetrics();
        if (m == null) {
            return;
        }
        runMs.add(m.executorRunTime());
        stages.add(String.format(
                Locale.ROOT,
                "[%d tasks: in %,d rows%s%s; run %.1f s, CPU %.1f s, GC %.1f s%s]",
                i.numTasks(),
                m.inputMetrics().recordsRead(),
                m.shuffleReadMetrics().recordsRead() > 0
                        ? String.format(
                                Locale.ROOT,
                                ", shuffle in %,d rows",
                                m.shuffleReadMetrics().recordsRead())
                        : "",
                m.shuffleWriteMetrics().recordsWritten() > 0
                        ? String.format(
                                Locale.ROOT,
                                ", shuffle out %,d rows %.0f MB",
                                m.shuffleWriteMetrics().recordsWritten(),
                                m.shuffleWriteMetrics().bytesWritten() / 1e6)
                        : "",
                m.executorRunTime() / 1e3,
                m.executorCpuTime() / 1e9,
                m.jvmGCTime() / 1e3,
                m.memoryBytesSpilled() > 0
                        ? String.format(Locale.ROOT, ", spilled %.0f MB", m.diskBytesSpilled() / 1e6)
                        : ""));
    }

    /** The stages taking at least {@code minFraction} of the executors' run time, in order, and the rest summed. */
    String describe(double minFraction) {
        synchronized (stages) {
            long total = runMs.stream().mapToLong(Long::longValue).sum();
            List<String> shown = new ArrayList<>();
            long rest = 0;
            int restCount = 0;
            for (int k = 0; k < stages.size(); k++) {
                if (runMs.get(k) >= minFraction * total) {
                    shown.add(stages.get(k));
                } else {
                    rest += runMs.get(k);
                    restCount++;
                }
            }
            return String.format(
                    Locale.ROOT,
                    "%d stages, executors' run time %.1f s: %s%s",
                    stages.size(),
                    total / 1e3,
                    String.join(" ", shown),
                    restCount > 0
                            ? String.format(Locale.ROOT, " + %d small stages %.1f s", restCount, rest / 1e3)
                            : "");
        }
    }
}
