package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The closed forms of {@link TruncatedLogNormal} against direct numerical integration over log θ (midpoint rule),
 * their derivatives against finite differences, and the far-tail cases where naive formulas underflow.
 */
class TruncatedLogNormalTest {

    private static final double A = -20;
    private static final double B = 0;
    private static final double[][] MODERATE = {{-10, 1.0}, {-2, 0.5}, {0, 2.0}, {-19, 3.0}, {2, 1.5}, {-1, 0.1}};

    /** ∫ over [a, b] of the truncated normal density times f(x). */
    private static double integrate(TruncatedLogNormal q, java.util.function.DoubleUnaryOperator f) {
        int n = 2_000_000;
        double h = (q.b() - q.a()) / n;
        double mass = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double x = q.a() + (i + 0.5) * h;
            double t = (x - q.mu()) / q.sigma();
            double density = Math.exp(-0.5 * t * t) / (q.sigma() * Math.sqrt(2 * Math.PI));
            mass += density * h;
            total += density * f.applyAsDouble(x) * h;
        }
        return total / mass;
    }

    @Test
    void klMeanAndSnrMatchNumericalIntegration() {
        for (double[] c : MODERATE) {
            TruncatedLogNormal q = new TruncatedLogNormal(c[0], c[1], A, B);
            double logZ = q.logZ();
            // KL = E_q[log q(x) − log p(x)] with p uniform on [a, b] in log θ (log-uniform in θ)
            double kl = integrate(q, x -> {
                double t = (x - q.mu()) / q.sigma();
                return -0.5 * t * t - Math.log(q.sigma() * Math.sqrt(2 * Math.PI)) - logZ + Math.log(B - A);
            });
            assertEquals(kl, q.kl(), 1e-5 * Math.max(1, Math.abs(kl)), "KL at " + q);
            double m1 = integrate(q, Math::exp);
            double m2 = integrate(q, x -> Math.exp(2 * x));
            assertEquals(m1, q.mean(), 1e-6 * m1, "mean at " + q);
            assertEquals(m1 / Math.sqrt(m2 - m1 * m1), q.snr(), 1e-4 * q.snr(), "SNR at " + q);
        }
    }

    @Test
    void klGradientMatchesFiniteDifferences() {
        for (double mu : new double[] {-19, -10, -2, 0, 3}) {
            for (double logSigma : new double[] {-8, -5, -1, 0, 2}) {
                double[] analytic = new TruncatedLogNormal(mu, Math.exp(logSigma), A, B).klWithGradient();
                double h = 1e-6;
                double dMu = (kl(mu + h, logSigma) - kl(mu - h, logSigma)) / (2 * h);
                double dLogSigma = (kl(mu, logSigma + h) - kl(mu, logSigma - h)) / (2 * h);
                String at = "μ=" + mu + " log σ=" + logSigma;
                assertEquals(dMu, analytic[1], 1e-5 * Math.max(1, Math.abs(dMu)), "dμ " + at);
                assertEquals(dLogSigma, analytic[2], 1e-5 * Math.max(1, Math.abs(dLogSigma)), "dlog σ " + at);
            }
        }
    }

    private static double kl(double mu, double logSigma) {
        return new TruncatedLogNormal(mu, Math.exp(logSigma), A, B).kl();
    }

    @Test
    void sampleDerivativesMatchFiniteDifferencesAtFixedU() {
        for (double[] c : MODERATE) {
            for (double u : new double[] {0.01, 0.3, 0.5, 0.9, 0.999}) {
                double logSigma = Math.log(c[1]);
                TruncatedLogNormal.Sample s = new TruncatedLogNormal(c[0], c[1], A, B).sample(u);
                assertTrue(s.logTheta() >= A && s.logTheta() <= B, "draw inside [a, b]: " + s);
                double h = 1e-6;
                double dMu = (draw(c[0] + h, logSigma, u) - draw(c[0] - h, logSigma, u)) / (2 * h);
                double dLogSigma = (draw(c[0], logSigma + h, u) - draw(c[0], logSigma - h, u)) / (2 * h);
                String at = "μ=" + c[0] + " σ=" + c[1] + " u=" + u;
                assertEquals(dMu, s.dMu(), 1e-4 * Math.max(1, Math.abs(dMu)), "dμ " + at);
                assertEquals(dLogSigma, s.dLogSigma(), 1e-4 * Math.max(1, Math.abs(dLogSigma)), "dlog σ " + at);
            }
        }
    }

    /** Beyond 30 deviations the draw comes from Newton's method on the tail: derivatives and the mean still agree. */
    @Test
    void farTailDrawsMatchTheirDerivativesAndTheMean() {
        for (double[] c : new double[][] {{0.5, 0.012}, {1, 0.002}, {3, 1e-4}}) {
            TruncatedLogNormal q = new TruncatedLogNormal(c[0], c[1], A, B);
            double sum = 0;
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                double u = (i + 0.5) / n;
                TruncatedLogNormal.Sample s = q.sample(u);
                assertTrue(s.logTheta() <= B && s.logTheta() > B - 1, "draw near b: " + s);
                sum += Math.exp(s.logTheta());
            }
            assertEquals(q.mean(), sum / n, 1e-4 * (1 - q.mean()) + 1e-12, "mean of draws at " + q);
            for (double u : new double[] {0.01, 0.5, 0.999}) {
                double logSigma = Math.log(c[1]);
                TruncatedLogNormal.Sample s = q.sample(u);
                double h = 1e-5 * c[1];
                double dMu = (draw(c[0] + h, logSigma, u) - draw(c[0] - h, logSigma, u)) / (2 * h);
                double dLogSigma = (draw(c[0], logSigma + 1e-6, u) - draw(c[0], logSigma - 1e-6, u)) / 2e-6;
                String at = "μ=" + c[0] + " σ=" + c[1] + " u=" + u;
                // x = μ + σξ carries ~4e-16 of rounding, which the finite difference divides by h
                assertEquals(dMu, s.dMu(), 1e-3 * Math.abs(dMu) + 1e-6, "dμ " + at);
                assertEquals(dLogSigma, s.dLogSigma(), 1e-3 * Math.abs(dLogSigma) + 1e-6, "dlog σ " + at);
            }
        }
    }

    private static double draw(double mu, double logSigma, double u) {
        return new TruncatedLogNormal(mu, Math.exp(logSigma), A, B).sample(u).logTheta();
    }

    /**
     * μ beyond a bound with a small σ puts both bounds thousands of deviations into one tail, where Z underflows and
     * the terms of order s² cancel. There log θ is the bound minus an exponential variable of rate λ = (μ − b)/σ²
     * to leading order, whose KL to the uniform prior on [a, b] is log λ − 1 + log(b − a): ∂KL/∂μ → 1/(μ − b) and
     * ∂KL/∂log σ → −2.
     */
    @Test
    void farTailsFollowTheExponentialLimit() {
        for (double mu : new double[] {0.5, 3, 5}) {
            for (double logSigma : new double[] {-8, -12, -20}) {
                double sigma = Math.exp(logSigma);
                TruncatedLogNormal q = new TruncatedLogNormal(mu, sigma, A, B);
                double[] kl = q.klWithGradient();
                String at = "μ=" + mu + " log σ=" + logSigma;
                double lambda = (mu - B) / (sigma * sigma);
                assertEquals(Math.log(lambda) - 1 + Math.log(B - A), kl[0], 1e-3, "KL " + at);
                assertEquals(1 / (mu - B), kl[1], 1e-3 / (mu - B), "dμ " + at);
                assertEquals(-2, kl[2], 1e-3, "dlog σ " + at);
                assertEquals(Math.exp(B), q.mean(), 1e-6, "mean " + at);
                assertEquals(lambda, q.snr(), 1e-3 * lambda, "SNR " + at);
            }
        }
    }

    /** Where the direct and the one-tail forms meet (a bound at 0 deviations) the KL is continuous. */
    @Test
    void klIsContinuousWhereTheFormsMeet() {
        double sigma = 0.7;
        double[] below = new TruncatedLogNormal(B - 1e-9, sigma, A, B).klWithGradient();
        double[] above = new TruncatedLogNormal(B + 1e-9, sigma, A, B).klWithGradient();
        for (int i = 0; i < 3; i++) {
            assertEquals(below[i], above[i], 1e-6, "component " + i);
        }
    }

    /** σ below 10⁻³ with μ inside [a, b]: the delta method's SNR, ≈ 1/σ for an untruncated spread. */
    @Test
    void smallSigmaSnrIsFinite() {
        TruncatedLogNormal q = new TruncatedLogNormal(-3, 1e-5, A, B);
        assertEquals(1e5, q.snr(), 1e5 * 1e-3);
    }
}
