package io.vdsweep.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.DatasetFetcher;
import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.jobs.TinySweeps;
import io.vdsweep.jobs.store.ResultStore;
import io.vdsweep.jobs.store.ResultsLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the command line as a user meets it: broken dataset files (made from real MNIST bytes) in a
 * {@code --data-dir}, broken sweep files, a held results lock, a master Spark cannot parse. Each must give its
 * documented exit code and one line naming the file or field, and leave the results path unwritten and the user's
 * data dir exactly as it was.
 */
class BadInputCorpusTest {

    private static final String SWEEP = TinySweeps.oneEpoch("corpus", 0);

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path mnist;

    @BeforeAll
    static void realMnist() {
        mnist = new DatasetFetcher(DatasetFetcher.defaultCacheRoot()).fetch(Dataset.MNIST);
        SharedSpark.get();      // the CLI runs inside this JVM's Spark application, as when embedded
    }

    /** A data dir holding MNIST (hard links to the verified copy) with {@code damage} done to it. */
    private Path dataDir(Consumer<Path> damage) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("data/mnist"));
        for (Dataset.DataFile f : Dataset.MNIST.files()) {
            Files.createLink(folder.resolve(f.name()), mnist.resolve(f.name()));
        }
        damage.accept(folder);
        return dir.resolve("data");
    }

    /** Replaces a hard link by a private copy, so the damage never reaches the cache. */
    private static Path ownCopy(Path file) {
        try {
            Path copy = file.resolveSibling(file.getFileName() + ".copy");
            Files.copy(file, copy);
            Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rewrite(Path file, long position, byte[] bytes) {
        try (RandomAccessFile f = new RandomAccessFile(ownCopy(file).toFile(), "rw")) {
            f.seek(position);
            f.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names, sizes and modification times of everything under {@code root}: what "untouched" means here. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> state = new TreeMap<>();
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.toList()) {
                    state.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                            : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return state;
    }

    private Path sweepFile(String yaml) throws IOException {
        return Files.writeString(dir.resolve("sweep.yaml"), yaml);
    }

    private void assertOneLine(CliRun run, int exitCode, String... mentions) {
        assertEquals(exitCode, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("vdsweep: "), run.err());
        for (String m : mentions) {
            assertTrue(run.err().contains(m), "'" + m + "' in " + run.err());
        }
    }

    @Test
    void brokenDatasetFilesInADataDirAreNamedAndNeverReplaced() throws Exception {
        Path sweep = sweepFile(SWEEP);
        Map<String, Consumer<Path>> cases = new TreeMap<>();
        cases.put("train-images-idx3-ubyte", f -> {
            try (RandomAccessFile r = new RandomAccessFile(ownCopy(f.resolve("train-images-idx3-ubyte")).toFile(),
                    "rw")) {
                r.setLength(r.length() - 784);      // truncated by one image
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        cases.put("t10k-labels-idx1-ubyte", f -> rewrite(f.resolve("t10k-labels-idx1-ubyte"), 0,
                new byte[] {0, 0, 8, 3}));          // wrong magic
        cases.put("t10k-images-idx3-ubyte", f -> rewrite(f.resolve("t10k-images-idx3-ubyte"), 4,
                new byte[] {0, 0, 0x27, 0x11}));    // wrong image count
        cases.put("train-labels-idx1-ubyte", f -> rewrite(f.resolve("train-labels-idx1-ubyte"), 30_000,
                new byte[] {9}));                   // one flipped label
        for (Map.Entry<String, Consumer<Path>> c : cases.entrySet()) {
            Path data = dataDir(c.getValue());
            Map<String, String> before = snapshot(data);
            Path results = dir.resolve("results");
            CliRun run = CliRun.of("run", sweep.toString(), "--data-dir", data.toString(), "--results",
                    results.toString());
            assertOneLine(run, VdSweep.EXIT_BAD_INPUT, data.resolve("mnist").resolve(c.getKey()).toString(),
                    "MD5 mismatch");
            assertEquals(before, snapshot(data), c.getKey() + ": the data dir is the user's");
            assertFalse(Files.exists(results), c.getKey() + ": nothing written");
            deleteTree(dir.resolve("data"));
        }
    }

    @Test
    void aMissingFileFolderOrDataDirIsAnErrorNotADownload() throws Exception {
        Path sweep = sweepFile(SWEEP);
        List<Path> dataDirs = new ArrayList<>();
        dataDirs.add(dataDir(f -> delete(f.resolve("train-labels-idx1-ubyte"))));
        for (Path data : dataDirs) {
            Map<String, String> before = snapshot(data);
            CliRun run = CliRun.of("run", sweep.toString(), "--data-dir", data.toString(), "--results",
                    dir.resolve("results").toString());
            assertOneLine(run, VdSweep.EXIT_BAD_INPUT, data.resolve("mnist/train-labels-idx1-ubyte") + ": file not found");
            assertEquals(before, snapshot(data));
        }
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path fileNotFolder = Files.createDirectories(dir.resolve("file-not-folder"));
        Files.writeString(fileNotFolder.resolve("mnist"), "a file where the mnist folder belongs");
        for (Path data : List.of(empty, fileNotFolder, dir.resolve("missing"))) {
            Map<String, String> before = snapshot(data);
            CliRun run = CliRun.of("run", sweep.toString(), "--data-dir", data.toString(), "--results",
                    dir.resolve("results").toString());
            assertOneLine(run, VdSweep.EXIT_BAD_INPUT, data.resolve("mnist/train-images-idx3-ubyte")
                    + ": file not found");
            assertEquals(before, snapshot(data), data + " untouched");
        }
        assertFalse(Files.exists(dir.resolve("results")));
    }

    @Test
    void brokenSweepFilesAreOneLineInPlanAndRun() throws Exception {
        Map<String, String> cases = new TreeMap<>();
        cases.put("output.results", SWEEP + "output:\n  results: \"\"\n");
        cases.put("execution.checkpoint_dir", SWEEP.replace("  mode: task\n", "  mode: task\n  checkpoint_dir: "
                + Files.writeString(dir.resolve("a-file"), "x") + "\n"));
        cases.put("batch: 500 is larger than the training set (200 examples with train_limit 200)",
                SWEEP.replace("batch: 50", "batch: 500"));
        cases.put("name", SWEEP.replace("name: corpus", "name: .."));
        cases.put("base.epoch", SWEEP.replace("epochs: 1", "epoch: 1"));
        String charLm = SWEEP.replace("dataset: mnist", "dataset: ptb-char")
                .replace("architecture: lenet-300-100", "architecture: lstm-char-ptb");
        cases.put("labels: random is not defined for ptb-char", charLm + "grid:\n  labels: [true, random]\n");
        cases.put("variant: vd-layer is not defined for lstm-char-ptb (no-dropout, binary-dropout or sparse-vd)",
                charLm + "grid:\n  variant: [sparse-vd, vd-layer]\n");
        cases.put("architecture: lstm-imdb is defined for text (imdb), found dataset mnist",
                SWEEP.replace("architecture: lenet-300-100", "architecture: lstm-imdb"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path sweep = sweepFile(c.getValue());
            assertOneLine(CliRun.of("plan", sweep.toString()), VdSweep.EXIT_BAD_INPUT, sweep.toString(), c.getKey());
            assertOneLine(CliRun.of("run", sweep.toString(), "--results", dir.resolve("results").toString()),
                    VdSweep.EXIT_BAD_INPUT, sweep.toString(), c.getKey());
        }
        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        assertOneLine(CliRun.of("plan", binary.toString()), VdSweep.EXIT_BAD_INPUT, binary + ": not a text file");
        Path folder = Files.createDirectories(dir.resolve("folder.yaml"));
        assertOneLine(CliRun.of("run", folder.toString()), VdSweep.EXIT_BAD_INPUT, folder + ": is a folder");
        assertFalse(Files.exists(dir.resolve("results")));
        assertOneLine(CliRun.of("run", "--results"), VdSweep.EXIT_BAD_INPUT, "--results", "vdsweep run --help");
    }

    @Test
    void aHeldResultsLockIsExitThreeNamingItsHolder() throws Exception {
        Path sweep = sweepFile(SWEEP);
        Path results = dir.resolve("results");
        ResultStore store = new ResultStore(SharedSpark.get(), results.toString(), "corpus");
        try (ResultsLock held = store.lock(false, new PrintWriter(new StringWriter()))) {
            CliRun run = CliRun.of("run", sweep.toString(), "--results", results.toString());
            assertOneLine(run, VdSweep.EXIT_RESULTS, "sweep corpus is being run into", "pid "
                    + ProcessHandle.current().pid(), "--break-lock");
        }
        assertFalse(Files.exists(results.resolve("trials")));
    }

    @Test
    void aMasterSparkCannotParseIsBadInput() throws Exception {
        // A JVM of its own: in this one the tests' Spark application is already running.
        Path sweep = sweepFile(SWEEP);
        Path argsFile = Path.of(System.getProperty("user.dir")).resolve("../bin/java17.args").normalize();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + argsFile, "-cp", System.getProperty("java.class.path"), VdSweep.class.getName(), "run",
                sweep.toString(), "--master", "garbage", "--results", dir.resolve("results").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(VdSweep.EXIT_BAD_INPUT, p.waitFor(), err);
        List<String> ours = err.lines().filter(l -> l.startsWith("vdsweep: ")).toList();
        assertEquals(List.of("vdsweep: --master garbage: not a Spark master URL (local[N], spark://HOST:PORT, yarn, "
                + "k8s://...)"), ours, err);
        assertFalse(Files.exists(dir.resolve("results")));
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
