/**
 * The paper's networks — LeNet-300-100, LeNet-5-Caffe, VGG-like scaled by width k — in every variant (no dropout,
 * binary dropout, Gaussian dropout, each variational parameterization), built from a typed {@link
 * io.vdsweep.core.nets.NetSpec}.
 */
package io.vdsweep.core.nets;
