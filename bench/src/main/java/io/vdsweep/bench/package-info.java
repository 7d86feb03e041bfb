/** Benchmarks run by the scripts in {@code bench/}; they print their figures and assert nothing. */
package io.vdsweep.bench;
