package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Compatibility shim for Deeplearning4j 1.0.0-M2.1, whose {@code BaseMKLDNNHelper.mklDnnEnabled()} asks
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}: the name the CPU backend's class had
 * before M2.1, which moved it to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and renamed the
 * method {@code isUseONEDNN()}. The lookup fails, every oneDNN helper's {@code checkSupported()} says no, and DL4J's
 * convolution, batch normalization and pooling layers fall back to their Java paths even in ND4J's oneDNN builds
 * (5x slower VGG-like training, bench/README.md). This class answers under the old name by asking the new one,
 * reflectively, so the CUDA build compiles without the CPU backend. Remove it with the upgrade past M2.1.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The old-name view of the CPU backend's environment, as DL4J's helper check expects it. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();
        private static final String CURRENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the loaded libnd4j was built with oneDNN and has it switched on. */
        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName(CURRENT);
                Object instance = env.getMethod("getInstance").invoke(null);
                Method useOneDnn = env.getMethod("isUseONEDNN");
                return (Boolean) useOneDnn.invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
