# Environment for a JVM that trains with ND4J; sourced by bin/vdsweep and bench/*.sh. Spark executors get the same
# from `vdsweep run` (io.vdsweep.core.backend.NativeBackend.MALLOC_TUNABLES, spark.executorEnv.*).
#
# One ND4J/OpenMP thread per training process is fastest on small machines (bench/README.md); override as you like.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# glibc keeps freed native buffers (ND4J and oneDNN allocate and free large ones every step) instead of returning
# them to the kernel, and backs them with transparent huge pages: fresh pages cost a page fault each, which made
# VGG-like training 15-40% slower (bench/README.md).
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=17179869184:glibc.malloc.top_pad=268435456}"
