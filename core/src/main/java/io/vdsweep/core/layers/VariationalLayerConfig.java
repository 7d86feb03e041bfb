package io.vdsweep.core.layers;

/**
 * What the dense and the convolutional variational layer configurations share: their variational settings and
 * the layout of their weights as a unit-major matrix [units, fan-in] stored in 'c' order.
 */
public interface VariationalLayerConfig extends BayesianLayerConfig {

    /** Output units (dense) or filters (conv): rows of the unit-major weight matrix. */
    long units();

    /** Incoming weights per unit: nIn (dense) or channels × kernel height × kernel width (conv). */
    long fanIn();

    /** Fan-out used by weight initialisers. */
    long fanOut();

    /** The shape the weights have in the layer's products ([units, fanIn] dense; [oC, iC, kH, kW] conv). */
    long[] weightShape();
}
