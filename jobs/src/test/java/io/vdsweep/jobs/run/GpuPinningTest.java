package io.vdsweep.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

class GpuPinningTest {

    private static Map<String, ResourceInformation> gpus(String... addresses) {
        return Map.of("gpu", new ResourceInformation("gpu", addresses));
    }

    @Test
    void cudaBackendPinsToTheTasksFirstGpu() {
        assertEquals(OptionalInt.of(3), GpuPinning.device(gpus("3", "5"), "JCublasBackend-cuda"));
    }

    @Test
    void cpuBackendOrNoGpuIsANoOp() {
        assertEquals(OptionalInt.empty(), GpuPinning.device(gpus("1"), "CpuBackend"));
        assertEquals(OptionalInt.empty(), GpuPinning.device(Map.of(), "cuda"));
        assertEquals(OptionalInt.empty(), GpuPinning.device(gpus(), "cuda"));
    }

    @Test
    void nonNumericAddressIsAClearError() {
        assertThrows(IllegalStateException.class, () -> GpuPinning.device(gpus("GPU-abc"), "cuda"));
    }

    @Test
    void deterministicFailuresAreNotRetried() {
        assertEquals(false, Attempts.isRetryable(new IllegalArgumentException("bad")));
        assertEquals(false, Attempts.isRetryable(new io.vdsweep.core.train.TrainingDivergedException("nan")));
        assertEquals(true, Attempts.isRetryable(new OutOfMemoryError("heap")));
        assertEquals("IllegalStateException: first line", Attempts.oneLine(new IllegalStateException(
                "first line\nsecond")));
    }
}
