package io.vdsweep.core.data;

/**
 * A text dataset as trained on: training and test sequences over one vocabulary built from the training split.
 *
 * @param train         training sequences
 * @param test          test sequences
 * @param vocabularyMd5 MD5 of the vocabulary, one token per line in id order (provenance: a different tokenisation
 *                      gives a different digest)
 */
public record TextSplits(TokenSequences train, TokenSequences test, String vocabularyMd5) {
}
