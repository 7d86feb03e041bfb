package io.vdsweep.jobs.run;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The trained models that pretraining runs leave for the trials that start from them, one DL4J zip per trial id in
 * a folder of the results path ({@code <results>/_models/<sweep>/}, any Hadoop file system), so executors anywhere
 * read what another executor wrote and a rerun finds them. A model is written under a temporary name and renamed,
 * and before the trial's OK row: a trial recorded OK has its model.
 */
final class TrialModels {

    private TrialModels() {
    }

    static void save(String folder, String trialId, MultiLayerNetwork net) {
        Path target = new Path(folder, trialId + ".zip");
        try {
            File local = Files.createTempFile("vdsweep-model-" + trialId, ".zip").toFile();
            try {
                ModelSerializer.writeModel(net, local, false);
                FileSystem fs = target.getFileSystem(new Configuration());
                Path staged = new Path(folder, "_" + trialId + ".zip.tmp");
                fs.copyFromLocalFile(false, true, new Path(local.toURI()), staged);
                fs.delete(target, false);
                if (!fs.rename(staged, target)) {
                    throw new IOException("cannot rename " + staged + " to " + target);
                }
            } finally {
                Files.deleteIfExists(local.toPath());
            }
        } catch (IOException e) {
            throw new IllegalStateException("pretraining model: cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** A local copy of the model of {@code trialId} (deleted when the JVM exits). */
    static java.nio.file.Path fetch(String folder, String trialId) {
        Path source = new Path(folder, trialId + ".zip");
        try {
            FileSystem fs = source.getFileSystem(new Configuration());
            if (!fs.exists(source)) {
                throw new IllegalArgumentException("pretrain: no model of pretraining trial " + trialId + " at "
                        + source + " (that trial failed, or its model was removed: delete its OK row to rerun it)");
            }
            File local = Files.createTempFile("vdsweep-pretrained-" + trialId, ".zip").toFile();
            local.deleteOnExit();
            fs.copyToLocalFile(false, source, new Path(local.toURI()), true);
            return local.toPath();
        } catch (IOException e) {
            throw new IllegalStateException("pretrain: cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}
