package io.vdsweep.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class NativeBackendTest {

    private static final Set<String> AVX512 = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512dq", "avx512vl", "avx512cd");
    private static final Set<String> AVX2 = Set.of("sse4_2", "avx", "avx2", "fma");
    private static final Predicate<String> ALL = e -> true;

    @Test
    void autoPicksTheFastestBuildTheCpuRuns() {
        assertEquals("-onednn-avx512", NativeBackend.choose("auto", AVX512, ALL));
        assertEquals("-onednn-avx2", NativeBackend.choose("auto", AVX2, ALL));
        assertEquals("", NativeBackend.choose("auto", Set.of("sse4_2"), ALL));
        assertEquals("", NativeBackend.choose("auto", Set.of(), ALL), "unreadable /proc/cpuinfo: generic build");
    }

    @Test
    void autoSkipsBuildsThatAreNotOnTheClasspath() {
        assertEquals("-onednn-avx2", NativeBackend.choose("auto", AVX512, e -> !e.contains("avx512")));
        assertEquals("", NativeBackend.choose("auto", AVX512, e -> false));
    }

    @Test
    void anAvx512CpuWithoutAvx512BwIsNotGivenTheAvx512Build() {
        Set<String> knightsLanding = Set.of("avx2", "fma", "avx512f", "avx512cd", "avx512er", "avx512pf");
        assertEquals("-onednn-avx2", NativeBackend.choose("auto", knightsLanding, ALL));
    }

    @Test
    void overrideNamesABuildOrTheGenericOne() {
        assertEquals("", NativeBackend.choose("generic", AVX512, ALL));
        assertEquals("-onednn-avx2", NativeBackend.choose("onednn-avx2", AVX512, ALL));
        assertEquals("-avx512", NativeBackend.choose("-avx512", AVX512, ALL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NativeBackend.choose("onednn-sse9", AVX512, x -> false));
        assertEquals("VDSWEEP_ND4J_BUILD: no ND4J build linux-x86_64-onednn-sse9 on the classpath, found onednn-sse9",
                e.getMessage());
    }

    @Test
    void loadedBuildIsReadFromTheLibraryPath() {
        String cache = "/home/u/.javacpp/cache/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx512.jar/org/nd4j/linalg/"
                + "cpu/nativecpu/bindings/linux-x86_64-onednn-avx512/";
        assertEquals("linux-x86_64-onednn-avx512", NativeBackend.loadedBuild(Map.of(
                "jnind4jcpu", cache + "libjnind4jcpu.so", "nd4jcpu", cache + "libnd4jcpu.so",
                "openblas", "/home/u/.javacpp/cache/openblas.jar/org/bytedeco/openblas/linux-x86_64/libopenblas.so")));
        assertEquals("unknown-build", NativeBackend.loadedBuild(Map.of()));
    }

    @Test
    void thisJvmRunsTheBuildItsCpuCalledFor() {
        String expected = "linux-x86_64" + NativeBackend.choose("auto", NativeBackend.cpuFlags(),
                NativeBackend::onClasspath);
        String described = NativeBackend.describe();
        assertTrue(described.startsWith("CpuBackend " + expected + " "), described);
        assertTrue(described.endsWith(" simd-kl helpers"), described);
    }
}
