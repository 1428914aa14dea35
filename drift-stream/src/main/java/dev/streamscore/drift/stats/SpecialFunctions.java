package dev.streamscore.drift.stats;

/**
 * The few special functions the tests need: the regularized incomplete gamma function (chi-square
 * tail), the complementary error function (normal tail) and the Kolmogorov distribution's tail.
 * Algorithms from Numerical Recipes (3rd ed., 6.1-6.2, 14.3): series below {@code a + 1},
 * Lentz's continued fraction above, accurate to about 1e-12 for the arguments drift tests produce.
 */
public final class SpecialFunctions {
    private static final int MAX_ITERATIONS = 10_000;
    private static final double EPS = 1e-15;
    private static final double FPMIN = Double.MIN_NORMAL / EPS;
    private static final double[] LANCZOS = {57.1562356658629235, -59.5979603554754912, 14.1360979747417471,
            -0.491913816097620199, .339946499848118887e-4, .465236289270485756e-4, -.983744753048795646e-4,
            .158088703224912494e-3, -.210264441724104883e-3, .217439618115212643e-3, -.164318106536763890e-3,
            .844182239838527433e-4, -.261908384015814087e-4, .368991826595316234e-5};

    private SpecialFunctions() {
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 671/128, 14 terms). */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0, was " + x);
        }
        double y = x;
        double tmp = x + 5.24218750000000000;
        tmp = (x + 0.5) * Math.log(tmp) - tmp;
        double ser = 0.999999999999997092;
        for (double c : LANCZOS) {
            ser += c / ++y;
        }
        return tmp + Math.log(2.5066282746310005 * ser / x);
    }

    /** Q(a, x) = Γ(a, x) / Γ(a), the upper regularized incomplete gamma function. */
    public static double gammaQ(double a, double x) {
        if (!(a > 0) || x < 0 || Double.isNaN(x)) {
            throw new IllegalArgumentException("gammaQ needs a > 0 and x >= 0, was a=" + a + ", x=" + x);
        }
        if (x == 0) {
            return 1;
        }
        if (Double.isInfinite(x)) {
            return 0;
        }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
    }

    /** P(X > x) for X chi-square distributed with {@code df} degrees of freedom. */
    public static double chiSquareSurvival(double x, double df) {
        return gammaQ(df / 2, Math.max(0, x) / 2);
    }

    /** erfc(x) = 1 - erf(x). */
    public static double erfc(double x) {
        return x < 0 ? 2 - gammaQ(0.5, x * x) : gammaQ(0.5, x * x);
    }

    /** P(|Z| > |z|) for a standard normal Z. */
    public static double normalTwoSided(double z) {
        return erfc(Math.abs(z) / Math.sqrt(2));
    }

    /**
     * The Kolmogorov distribution's tail Q(λ) = 2 Σ (-1)^(j-1) exp(-2 j² λ²), the asymptotic
     * p-value of a KS statistic scaled by the effective sample size. 1 for λ near 0.
     */
    public static double kolmogorovSurvival(double lambda) {
        if (lambda < 0.18) {
            return 1; // the series converges slowly here and the value is 1 to 1e-9 anyway
        }
        double sum = 0;
        for (int j = 1; j <= 100; j++) {
            double term = Math.exp(-2.0 * j * j * lambda * lambda);
            sum += (j % 2 == 1 ? 1 : -1) * term;
            if (term <= 1e-12 * Math.abs(sum)) {
                break;
            }
        }
        return Math.max(0, Math.min(1, 2 * sum));
    }

    private static double gammaSeries(double a, double x) {
        double ap = a;
        double del = 1 / a;
        double sum = del;
        for (int n = 0; n < MAX_ITERATIONS; n++) {
            ap++;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * EPS) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double gammaContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / FPMIN;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < FPMIN) {
                d = FPMIN;
            }
            c = b + an / c;
            if (Math.abs(c) < FPMIN) {
                c = FPMIN;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }
}
