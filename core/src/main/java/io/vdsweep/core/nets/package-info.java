/**
 * The papers' networks — LeNet-300-100, LeNet-500-300, LeNet-5-Caffe (also with batch norm, as the Variance Networks
 * code builds it), VGG-like scaled by width k, the LSTMs — in every variant (no dropout,
 * binary dropout, Gaussian dropout, each variational parameterization), built from a typed {@link
 * io.vdsweep.core.nets.NetSpec}.
 */
package io.vdsweep.core.nets;
