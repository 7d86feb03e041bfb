package io.vdsweep.core.train;

import java.io.Serializable;

/**
 * What one epoch produced (the {@code epochs} table has one row per instance).
 *
 * @param epoch             0-based epoch index
 * @param trainLoss         mean minibatch loss = NLL + β·KL/N per example (a language model's NLL sums a sequence's
 *                          positions), over the epoch's (stochastic) forward passes
 * @param trainNll          trainLoss − β·KL/N at the epoch's end
 * @param kl                KL(q || p) summed over the net at the epoch's end (0 for plain nets)
 * @param klWeight          β used this epoch
 * @param learningRate      learning rate used this epoch
 * @param trainAccuracy     deterministic accuracy on (up to 10k of) the labels actually trained on
 * @param testAccuracy      deterministic test accuracy (per position for a language model)
 * @param testNll           deterministic mean test negative log-likelihood per prediction, nats
 * @param sparsity          fraction of weights pruned (log α > 3) over all weight layers
 * @param compression       |W| / |W ≠ 0|
 * @param wallSeconds       time spent training this epoch (evaluation excluded)
 * @param examplesPerSecond training throughput this epoch
 */
public record EpochMetrics(int epoch, double trainLoss, double trainNll, double kl, double klWeight,
        double learningRate, double trainAccuracy, double testAccuracy, double testNll, double sparsity,
        double compression, double wallSeconds, double examplesPerSecond) implements Serializable {
}
