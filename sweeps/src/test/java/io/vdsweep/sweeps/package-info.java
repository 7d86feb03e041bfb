/** Tests of sweep parsing, expansion and the results schema. */
package io.vdsweep.sweeps;
