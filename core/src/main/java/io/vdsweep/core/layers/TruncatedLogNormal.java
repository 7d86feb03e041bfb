package io.vdsweep.core.layers;

import org.apache.commons.numbers.gamma.ErfDifference;
import org.apache.commons.numbers.gamma.Erfcx;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;

/**
 * The multiplicative noise of Structured Bayesian Pruning (Neklyudov et al. 2017, §4): θ = e^x with x ~ N(μ, σ²)
 * truncated to [a, b], and its KL divergence from the log-uniform prior truncated to the same interval, in closed
 * form (their eq. 10). Everything is computed in double precision from α = (a − μ)/σ and β = (b − μ)/σ, with the
 * normalizer Z = Φ(β) − Φ(α) and the density ratios φ(α)/Z, φ(β)/Z kept in log space, since σ ranges over e^±20:
 * the naive formulas lose Z to underflow once both bounds sit in one tail.
 *
 * <p>Sampling uses the inverse CDF, x = μ + σ·Φ⁻¹(Φ(α) + u·Z) with u ~ U(0, 1), whose derivatives in μ and log σ at
 * fixed u follow from the implicit function theorem ({@link Sample}): that is the reparameterization the authors
 * train with (code at necludov/group-sparsity-sbp).
 *
 * @param mu    μ of log θ
 * @param sigma σ of log θ, &gt; 0
 * @param a     lower bound of log θ
 * @param b     upper bound of log θ, &gt; a
 */
public record TruncatedLogNormal(double mu, double sigma, double a, double b) {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT2 = Math.sqrt(2);
    /** √(2/π): φ(t)/Q(t) = √(2/π)/erfcx(t/√2). */
    private static final double INV_SQRT_HALF_PI = Math.sqrt(2 / Math.PI);
    /** Bounds farther than this many deviations into one tail are sampled by {@link #tailDisplacement}. */
    private static final double FAR_TAIL = 30;

    public TruncatedLogNormal {
        if (!(sigma > 0) || !(b > a) || !Double.isFinite(mu) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("truncated log-normal needs sigma > 0 and b > a, found mu=" + mu
                    + " sigma=" + sigma + " [" + a + ", " + b + "]");
        }
    }

    double alpha() {
        return (a - mu) / sigma;
    }

    double beta() {
        return (b - mu) / sigma;
    }

    /** log(Φ(hi) − Φ(lo)) for lo &lt; hi, accurate when both lie far in one tail (scaled erfc there). */
    static double logNormalMass(double lo, double hi) {
        if (hi <= 0) {
            return logTailMass(-hi, -lo);
        }
        if (lo >= 0) {
            return logTailMass(lo, hi);
        }
        return Math.log(0.5 * ErfDifference.value(lo / SQRT2, hi / SQRT2));
    }

    /** log(Q(near) − Q(far)) for 0 ≤ near &lt; far, Q the upper tail: Q(t) = ½·erfcx(t/√2)·e^(−t²/2). */
    private static double logTailMass(double near, double far) {
        double n = near / SQRT2;
        double f = far / SQRT2;
        double farTerm = Double.isInfinite(far) ? 0 : Erfcx.value(f) * Math.exp(n * n - f * f);
        return Math.log(0.5) - n * n + Math.log(Erfcx.value(n) - farTerm);
    }

    /** log φ(t), the standard normal log density. */
    static double logPhi(double t) {
        return -0.5 * t * t - LOG_SQRT_2PI;
    }

    /** log Z, Z = Φ(β) − Φ(α): the mass of N(μ, σ²) inside [a, b]. */
    double logZ() {
        return logNormalMass(alpha(), beta());
    }

    /** log E[θ^t] = μt + σ²t²/2 + log(Φ(β − σt) − Φ(α − σt)) − log Z. */
    double logMoment(int t) {
        double shift = sigma * t;
        return mu * t + 0.5 * shift * shift + logNormalMass(alpha() - shift, beta() - shift) - logZ();
    }

    /**
     * E[θ], the multiplier of the deterministic (test-time) net: from the moments while their logs keep enough digits
     * (bounds up to 1000 deviations into a tail: error ~10⁻¹⁰), beyond that the exponential limit (see snr), whose
     * relative error in 1 − E[θ]/e^bound is O(1/s²) &lt; 10⁻⁶.
     */
    public double mean() {
        double lambda = farTailRate(1000);
        if (Double.isNaN(lambda)) {
            return Math.exp(logMoment(1));
        }
        return alpha() > 0 ? Math.exp(a) * lambda / (lambda - 1) : Math.exp(b) * lambda / (lambda + 1);
    }

    /**
     * With one bound more than {@code beyond} deviations away and the other farther, log θ is the near bound plus (or
     * minus) an exponential variable of rate λ = φ(s)/(Zσ) to within O(1/s²): λ, or NaN when the bounds are not so
     * placed.
     */
    private double farTailRate(double beyond) {
        double alpha = alpha();
        double beta = beta();
        if (!(alpha > beyond || beta < -beyond)) {
            return Double.NaN;
        }
        double near = alpha > 40 ? alpha : -beta;
        return INV_SQRT_HALF_PI / Erfcx.value(near / SQRT2) / sigma;
    }

    /**
     * Signal-to-noise ratio E[θ]/√Var[θ] = 1/√v with v = Var[θ]/E[θ]²; units at or below the threshold are pruned.
     * v = E[θ²]/E[θ]² − 1 loses its digits when the spread of log θ is tiny, so there: in a far tail (exponential
     * limit of rate λ) v = 1/(λ(λ ± 2)); with σ &lt; 10⁻³, v = σ²·Var[ξ] (the delta method) for ξ the standardized
     * draw.
     */
    public double snr() {
        double alpha = alpha();
        double beta = beta();
        double lambda = farTailRate(40);
        double v;
        if (!Double.isNaN(lambda)) {
            v = 1 / (lambda * (alpha > 0 ? lambda - 2 : lambda + 2));
        } else if (sigma < 1e-3) {
            double logZ = logZ();
            double pa = ratio(alpha, logZ);
            double pb = ratio(beta, logZ);
            double ta = Double.isInfinite(alpha) ? 0 : alpha * pa;
            double tb = Double.isInfinite(beta) ? 0 : beta * pb;
            v = sigma * sigma * (1 + ta - tb - (pa - pb) * (pa - pb));
        } else {
            v = Math.expm1(logMoment(2) - 2 * logMoment(1));
        }
        return 1 / Math.sqrt(v);
    }

    /**
     * KL(q(θ) || p(θ)) for the log-uniform prior on [e^a, e^b]: −log σ − log Z − (αφ(α) − βφ(β))/(2Z) + log(b − a)
     * − ½ log(2πe) (Neklyudov et al. 2017, eq. 10).
     */
    public double kl() {
        return klWithGradient()[0];
    }

    /** {KL, ∂KL/∂μ, ∂KL/∂log σ}. */
    public double[] klWithGradient() {
        double alpha = alpha();
        double beta = beta();
        if (alpha >= 0) {
            return oneTail(alpha, beta);
        }
        if (beta <= 0) {
            double[] reflected = oneTail(-beta, -alpha);     // x → −x swaps the bounds; ∂/∂μ changes sign
            reflected[1] = -reflected[1];
            return reflected;
        }
        double logZ = logZ();
        double pa = ratio(alpha, logZ);
        double pb = ratio(beta, logZ);
        double t = 0.5 * (alpha * pa - beta * pb);
        double kl = -Math.log(sigma) - logZ - t + klConstant();
        // α, β in μ: both −1/σ; in log σ: −α and −β. d log Z = φ(β)/Z·dβ − φ(α)/Z·dα.
        double dLogZdMu = (pa - pb) / sigma;
        double dLogZdLogSigma = alpha * pa - beta * pb;
        double dTdMu = 0.5 * (-pa * (1 - alpha * alpha) / sigma + pb * (1 - beta * beta) / sigma
                - (alpha * pa - beta * pb) * dLogZdMu);
        double dTdLogSigma = 0.5 * (-pa * (1 - alpha * alpha) * alpha + pb * (1 - beta * beta) * beta
                - (alpha * pa - beta * pb) * dLogZdLogSigma);
        return new double[] {kl, -dLogZdMu - dTdMu, -1 - dLogZdLogSigma - dTdLogSigma};
    }

    private double klConstant() {
        return Math.log(b - a) - 0.5 * Math.log(2 * Math.PI * Math.E);
    }

    /**
     * The KL and its gradient when both standardized bounds lie on one side, 0 ≤ s &lt; s' (μ below a; the other
     * case by reflection). Written with the inverse Mills ratio r(s) = φ(s)/Q(s) so that the terms of order s²,
     * which cancel, never appear: Z = Q(s)(1 − ρ) with ρ = Q(s')/Q(s), φ(s)/Z = r(s)/(1 − ρ), and
     * 1 − s·(r(s) − s) from its asymptotic series once s &gt; 40, where the direct difference loses its digits.
     */
    private double[] oneTail(double s, double far) {
        double erfcxNear = Erfcx.value(s / SQRT2);
        double rho = Double.isInfinite(far) ? 0
                : Erfcx.value(far / SQRT2) / erfcxNear * Math.exp(0.5 * (s * s - far * far));
        double pa = INV_SQRT_HALF_PI / erfcxNear / (1 - rho);
        double pb = rho == 0 ? 0 : INV_SQRT_HALF_PI / Erfcx.value(far / SQRT2) * rho / (1 - rho);
        double mills;                                  // r(s) − s
        double oneMinusSm;                             // 1 − s·(r(s) − s)
        if (s <= 40) {
            mills = INV_SQRT_HALF_PI / erfcxNear - s;
            oneMinusSm = 1 - s * mills;
        } else {
            double y = 1 / (s * s);
            mills = (1 - y * (2 - y * (10 - y * 74))) / s;
            oneMinusSm = y * (2 - y * (10 - y * (74 - y * 706)));
        }
        double d = (mills + s * rho) / (1 - rho);                          // φ(s)/Z − s
        double oneMinusSd = (oneMinusSm - rho * (1 + s * s)) / (1 - rho);   // 1 − s·(φ(s)/Z − s)
        double farB = rho == 0 ? 0 : far * pb;
        double kl = -Math.log(sigma) - Math.log(0.5 * erfcxNear) - Math.log1p(-rho) - 0.5 * s * d + 0.5 * farB
                + klConstant();
        double dMu = (-0.5 * pa * oneMinusSd + pb - 0.5 * pb * (1 - far * far) - 0.5 * pa * (s * pb + farB)
                + 0.5 * farB * pb) / sigma;
        double dLogSigma = -1 - 0.5 * s * pa * oneMinusSd + farB - 0.5 * farB * (1 - far * far)
                - s * pa * farB + 0.5 * farB * farB;
        return new double[] {kl, dMu, dLogSigma};
    }

    /** φ(t)/Z, 0 where φ(t) underflows (t = ±∞ included). */
    private static double ratio(double t, double logZ) {
        return Double.isInfinite(t) ? 0 : Math.exp(logPhi(t) - logZ);
    }

    /** The draw of log θ for the uniform {@code u} in (0, 1), with its derivatives in μ and log σ at fixed u. */
    public Sample sample(double u) {
        if (!(u > 0 && u < 1)) {
            throw new IllegalArgumentException("u must be in (0, 1), found " + u);
        }
        double alpha = alpha();
        double beta = beta();
        double xi;
        if (alpha > FAR_TAIL) {
            xi = alpha + tailDisplacement(alpha, beta, u);
        } else if (beta < -FAR_TAIL) {
            xi = beta - tailDisplacement(-beta, -alpha, 1 - u);      // reflected: the CDF runs the other way
        } else {
            xi = TruncatedNormalDistribution.of(0, 1, alpha, beta).inverseCumulativeProbability(u);
        }
        xi = Math.max(alpha, Math.min(beta, xi));
        // F(ξ; μ, σ) = u fixed: dx/dμ = 1 − ((1 − u)φ(α) + uφ(β))/φ(ξ), dx/dσ = ξ − ((1 − u)αφ(α) + uβφ(β))/φ(ξ);
        // φ(t)/φ(ξ) = exp((ξ − t)(ξ + t)/2), in that form to keep its digits when ξ and t are large and close
        double ra = Double.isInfinite(alpha) ? 0 : Math.exp(0.5 * (xi - alpha) * (xi + alpha));
        double rb = Double.isInfinite(beta) ? 0 : Math.exp(0.5 * (xi - beta) * (xi + beta));
        double dMu = 1 - ((1 - u) * ra + u * rb);
        double dSigma = xi - ((1 - u) * (Double.isInfinite(alpha) ? 0 : alpha * ra)
                + u * (Double.isInfinite(beta) ? 0 : beta * rb));
        return new Sample(mu + sigma * xi, dMu, sigma * dSigma);
    }

    /**
     * ξ − s for the draw ξ at probability u of a standard normal truncated to [s, far], s &gt; {@link #FAR_TAIL}
     * (Commons Statistics refuses such truncation): Newton's method on log Q(ξ) − log Q(s) = log(1 − u(1 − ρ)),
     * ρ = Q(far)/Q(s), written in δ = ξ − s with erfcx so that nothing of order s² is formed; the start
     * δ = −log(1 − u(1 − ρ))/s is the exponential limit.
     */
    private static double tailDisplacement(double s, double far, double u) {
        double erfcxNear = Erfcx.value(s / SQRT2);
        double rho = Double.isInfinite(far) ? 0
                : Erfcx.value(far / SQRT2) / erfcxNear * Math.exp(-0.5 * (far - s) * (far + s));
        double target = Math.log1p(-u * (1 - rho));
        double delta = -target / s;
        for (int i = 0; i < 50; i++) {
            double xi = s + delta;
            double value = Math.log(Erfcx.value(xi / SQRT2) / erfcxNear) - 0.5 * delta * (2 * s + delta) - target;
            double step = value / (INV_SQRT_HALF_PI / Erfcx.value(xi / SQRT2));      // F'(δ) = −φ(ξ)/Q(ξ)
            delta += step;
            if (Math.abs(step) <= 1e-15 * Math.max(delta, 1e-300)) {
                break;
            }
        }
        return delta;
    }

    /**
     * One draw of log θ.
     *
     * @param logTheta    the draw, in [a, b]
     * @param dMu         ∂ log θ / ∂μ at fixed u
     * @param dLogSigma   ∂ log θ / ∂ log σ at fixed u
     */
    public record Sample(double logTheta, double dMu, double dLogSigma) {
    }
}
