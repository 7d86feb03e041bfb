package io.vdsweep.core.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Chooses the CPU-specific build of ND4J's native library ({@code nd4j-native} with classifier
 * {@code linux-x86_64-onednn-avx512}, {@code -onednn-avx2} or the generic {@code linux-x86_64}) from the features of
 * the CPU this JVM runs on, by setting JavaCPP's {@code platform.extension} before ND4J first loads. A cluster's
 * machines differ, so every JVM (driver and each executor) chooses for itself; a build the CPU cannot run is never
 * chosen, and a build that is not on the classpath is skipped, ending at the generic one.
 *
 * <p>It also switches on Deeplearning4j's oneDNN layer helpers for the DL4J layers vdsweep does not replace with its
 * own kernels (its nets' convolutions, batch norm, max pooling and ReLU are vdsweep's), which DL4J 1.0.0-M2.1
 * leaves off unless {@code org.eclipse.deeplearning4j.helpers.disable=false} (and cannot find without the shim
 * {@link org.nd4j.nativeblas.Nd4jCpu}). Why both matter: libnd4j's {@code conv2d} (vdsweep's conv kernels) and DL4J's
 * helpers reach oneDNN's JIT kernels only in the oneDNN builds; bench/README.md has the figures (VGG-like training on
 * one core 7–10x faster than with the generic build and DL4J's own layers).
 *
 * <p>{@value #ENV} overrides the choice: {@code auto} (default), {@code generic}, or a classifier suffix such as
 * {@code onednn-avx2}.
 */
public final class NativeBackend {

    /**
     * glibc settings for every JVM that trains ({@code GLIBC_TUNABLES}; bin/native-env.sh holds the same for the
     * launcher): keep freed native buffers for reuse instead of returning them to the kernel, and back them with
     * transparent huge pages. ND4J and oneDNN allocate and free buffers of megabytes every step; each fresh page is
     * a page fault, which cost VGG-like training 15–40% of its time (bench/README.md). An environment variable, so
     * it must be set when the JVM starts: {@code vdsweep run} passes it to executors as
     * {@code spark.executorEnv.GLIBC_TUNABLES}.
     */
    public static final String MALLOC_TUNABLES = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432"
            + ":glibc.malloc.trim_threshold=17179869184:glibc.malloc.top_pad=268435456";

    /** Environment variable that overrides the automatic choice. */
    public static final String ENV = "VDSWEEP_ND4J_BUILD";
    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** DL4J 1.0.0-M2.1 reads this (default "true") whenever a layer creates its helper. */
    static final String HELPERS_DISABLED_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    /** JavaCPP extension that resolves to the generic build's folder (see {@link #select()}). */
    private static final String GENERIC_EXTENSION = "-";
    /** The only platform the CPU-specific builds are shipped for. */
    private static final String PLATFORM = "linux-x86_64";

    /** The builds we ship, fastest first, each with the CPU features it needs. */
    enum Build {
        ONEDNN_AVX512("-onednn-avx512", Set.of("avx512f", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma")),
        ONEDNN_AVX2("-onednn-avx2", Set.of("avx2", "fma")),
        GENERIC("", Set.of());

        final String extension;
        final Set<String> cpuFlags;

        Build(String extension, Set<String> cpuFlags) {
            this.extension = extension;
            this.cpuFlags = cpuFlags;
        }
    }

    private static volatile String chosen;

    private NativeBackend() {
    }

    /**
     * Sets the platform extension for this JVM unless one was set already (a {@code -D} flag wins), and enables DL4J's
     * layer helpers unless a {@code -D} flag says otherwise. Must run before the first ND4J array is created; later
     * calls return the first choice.
     *
     * @return the extension chosen ("" for the generic build)
     */
    public static synchronized String select() {
        if (chosen != null) {
            return chosen;
        }
        if (System.getProperty(HELPERS_DISABLED_PROPERTY) == null) {
            System.setProperty(HELPERS_DISABLED_PROPERTY, "false");
        }
        String preset = System.getProperty(EXTENSION_PROPERTY);
        if (preset != null) {
            chosen = preset;
            return chosen;
        }
        String override = System.getenv(ENV);
        chosen = choose(override == null ? "auto" : override, cpuFlags(), NativeBackend::onClasspath);
        // "-" names the generic build: an empty extension would let JavaCPP try every build ND4J's presets list,
        // and it would take the last one it finds (an AVX2 build on a CPU that may lack AVX2).
        System.setProperty(EXTENSION_PROPERTY, chosen.isEmpty() ? GENERIC_EXTENSION : chosen);
        return chosen;
    }

    /**
     * The extension for {@code request} ("auto", "generic" or a classifier suffix) given the CPU's feature flags and
     * which extensions are on the classpath.
     */
    static String choose(String request, Set<String> flags, Predicate<String> available) {
        String r = request.trim().toLowerCase(Locale.ROOT);
        if (r.equals("generic")) {
            return "";
        }
        if (!r.equals("auto") && !r.isEmpty()) {
            String extension = r.startsWith("-") ? r : "-" + r;
            if (!available.test(extension)) {
                throw new IllegalArgumentException(ENV + ": no ND4J build linux-x86_64" + extension
                        + " on the classpath, found " + r);
            }
            return extension;
        }
        for (Build b : Build.values()) {
            if (flags.containsAll(b.cpuFlags) && (b.extension.isEmpty() || available.test(b.extension))) {
                return b.extension;
            }
        }
        return "";
    }

    /** The CPU feature flags of this machine (Linux), empty where they cannot be read. */
    static Set<String> cpuFlags() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /**
     * Whether the build with this extension is on the classpath. Deliberately without JavaCPP's {@code Loader}: once
     * touched, it caches its properties, and the extension set afterwards would be ignored (JavaCPP then takes the
     * last build listed in ND4J's presets that it finds).
     */
    static boolean onClasspath(String extension) {
        return NativeBackend.class.getClassLoader().getResource(BINDINGS + PLATFORM + extension + "/libjnind4jcpu.so")
                != null;
    }

    /**
     * Loads ND4J (selecting the build first if nobody did) and describes what runs: the backend, the native build
     * that JavaCPP actually loaded, the BLAS vendor, whether the KL pass runs in SIMD lanes ({@link #vectorApi}) and
     * whether DL4J's helpers are on, e.g. {@code "CpuBackend linux-x86_64-onednn-avx512 openblas simd-kl helpers"}.
     */
    public static String describe() {
        select();
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        String build = backend.startsWith("Cpu") ? loadedBuild(Loader.getLoadedLibraries()) : "";
        Object blas = Nd4j.getExecutioner().getEnvironmentInformation().get("blas.vendor");
        boolean helpers = !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLED_PROPERTY, "true"));
        return String.join(" ", List.of(backend, build, blas == null ? "" : blas.toString().toLowerCase(Locale.ROOT),
                vectorApi() ? "simd-kl" : "scalar-kl", helpers ? "helpers" : "no-helpers")).replaceAll("\\s+", " ").trim();
    }

    /**
     * Whether this JVM runs with the JDK's incubating Vector API ({@code --add-modules=jdk.incubator.vector}, as
     * bin/java17.args and conf/spark/*.conf start it), which the variational layers' fused KL pass uses for float
     * arrays; without it the pass runs one element at a time (bench/README.md has both speeds).
     */
    public static boolean vectorApi() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * Whether the loaded libnd4j is the AVX-512 oneDNN build: oneDNN has Winograd convolution kernels for AVX-512
     * only, and its backward Winograd kernels are what vdsweep's conv kernels route around. Call after ND4J loaded.
     */
    public static boolean winogradConvolutions() {
        return loadedBuild(Loader.getLoadedLibraries()).endsWith(PLATFORM + Build.ONEDNN_AVX512.extension);
    }

    /** The platform folder (e.g. linux-x86_64-onednn-avx512) of the loaded libnd4j, from JavaCPP's record of paths. */
    static String loadedBuild(Map<String, String> loadedLibraries) {
        String platform = Loader.getPlatform();
        Set<String> builds = loadedLibraries.values().stream().filter(p -> p != null && p.contains("nd4jcpu"))
                .map(p -> Path.of(p).getParent()).filter(d -> d != null && d.getFileName() != null)
                .map(d -> d.getFileName().toString()).filter(d -> d.startsWith(platform))
                .collect(Collectors.toSet());
        return builds.size() == 1 ? builds.iterator().next() : builds.isEmpty() ? "unknown-build" : builds.toString();
    }
}
