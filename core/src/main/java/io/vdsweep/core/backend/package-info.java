/**
 * Which native ND4J build runs the math: chosen from the CPU's instruction-set features before ND4J loads, and
 * reported afterwards for every result row's provenance.
 */
package io.vdsweep.core.backend;
