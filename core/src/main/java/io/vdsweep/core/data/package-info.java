/**
 * Datasets in their standard file formats: IDX readers (MNIST, Fashion-MNIST), CIFAR-10 binary batches, a fetcher
 * that obtains them through package-registry clients and verifies their published MD5s, preprocessing fitted on
 * the training set, and random training labels.
 */
package io.vdsweep.core.data;
