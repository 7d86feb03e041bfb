package io.vdsweep.jobs.run;

import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pins ND4J to the GPU Spark's resource scheduling gave the current task ({@code spark.executor.resource.gpu.amount},
 * {@code spark.task.resource.gpu.amount}): without it every task on a multi-GPU executor would use device 0.
 * A no-op with the CPU backend or when the task holds no GPU.
 */
public final class GpuPinning {

    private GpuPinning() {
    }

    /** The device to pin to: the first GPU address of the task, when the backend is CUDA. */
    static OptionalInt device(Map<String, ResourceInformation> resources, String backend) {
        if (!backend.toLowerCase().contains("cuda") || resources == null) {
            return OptionalInt.empty();
        }
        ResourceInformation gpu = resources.get("gpu");
        if (gpu == null || gpu.addresses().length == 0) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(gpu.addresses()[0].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Spark gave this task GPU address '" + gpu.addresses()[0]
                    + "', expected a CUDA device index");
        }
    }

    /** Pins the calling thread's ND4J device; returns the device or -1 when nothing was pinned. */
    public static int pinCurrentTask() {
        TaskContext context = TaskContext.get();
        if (context == null) {
            return -1;
        }
        OptionalInt device = device(scala.collection.JavaConverters.mapAsJavaMap(context.resources()),
                Nd4j.getBackend().getClass().getSimpleName());
        if (device.isEmpty()) {
            return -1;
        }
        Nd4j.getAffinityManager().unsafeSetDevice(device.getAsInt());
        return device.getAsInt();
    }
}
