package io.vdsweep.sweeps.schema;

/**
 * Where and with what a trial ran: enough to reproduce it (with the trial's config and seed) and to explain
 * differences between runs (Tribuo records the platform because Math differs across CPUs).
 *
 * @param gitCommit      commit of the vdsweep build (from the jar's build info), "unknown" outside a checkout
 * @param vdsweepVersion project version
 * @param sparkVersion   Spark version of the running application ("none" outside Spark)
 * @param dl4jVersion    Deeplearning4j version
 * @param nd4jBackend    ND4J backend, native build, BLAS and DL4J helpers, e.g.
 *                       "CpuBackend linux-x86_64-onednn-avx512 openblas helpers"
 * @param threads        ND4J/OpenMP threads (OMP_NUM_THREADS)
 * @param javaVersion    java.version
 * @param os             os.name and os.version
 * @param arch           os.arch
 * @param executor       host and Spark executor id that ran the trial
 */
public record Provenance(String gitCommit, String vdsweepVersion, String sparkVersion, String dl4jVersion,
        String nd4jBackend, String threads, String javaVersion, String os, String arch, String executor)
        implements java.io.Serializable {
}
