using Moderation.Classifiers.ModelFiles;

namespace Moderation.Classifiers.Training;

/// <summary>
/// Fits Platt's sigmoid to (logit, label) pairs by Newton's method with backtracking, using Platt's smoothed
/// targets (Lin, Lin &amp; Weng 2007, "A note on Platt's probabilistic outputs"). Deterministic.
/// </summary>
public static class PlattFitter
{
    public static PlattCalibration Fit(IReadOnlyList<double> logits, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        var n = logits.Count;
        double prior1 = labels.Count(l => l), prior0 = n - prior1;
        var hi = (prior1 + 1) / (prior1 + 2);
        var lo = 1 / (prior0 + 2);
        var t = labels.Select(l => l ? hi : lo).ToArray();

        // Lin et al. parameterise P(y=1|f) = 1 / (1 + exp(A f + B)).
        double a = 0, b = Math.Log((prior0 + 1) / (prior1 + 1));
        var fval = Objective(logits, t, a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < n; i++)
            {
                var fApB = logits[i] * a + b;
                double p, q;
                if (fApB >= 0)
                {
                    p = Math.Exp(-fApB) / (1 + Math.Exp(-fApB));
                    q = 1 / (1 + Math.Exp(-fApB));
                }
                else
                {
                    p = 1 / (1 + Math.Exp(fApB));
                    q = Math.Exp(fApB) / (1 + Math.Exp(fApB));
                }

                var d2 = p * q;
                h11 += logits[i] * logits[i] * d2;
                h22 += d2;
                h21 += logits[i] * d2;
                var d1 = t[i] - p;
                g1 += logits[i] * d1;
                g2 += d1;
            }

            if (Math.Abs(g1) < 1e-5 && Math.Abs(g2) < 1e-5)
            {
                break;
            }

            var det = h11 * h22 - h21 * h21;
            var dA = -(h22 * g1 - h21 * g2) / det;
            var dB = -(-h21 * g1 + h11 * g2) / det;
            var gd = g1 * dA + g2 * dB;
            var step = 1.0;
            while (step >= 1e-10)
            {
                var newA = a + step * dA;
                var newB = b + step * dB;
                var newF = Objective(logits, t, newA, newB);
                if (newF < fval + 1e-4 * step * gd)
                {
                    a = newA;
                    b = newB;
                    fval = newF;
                    break;
                }

                step /= 2;
            }

            if (step < 1e-10)
            {
                break;
            }
        }

        return new PlattCalibration(-a, -b);
    }

    private static double Objective(IReadOnlyList<double> f, double[] t, double a, double b)
    {
        double sum = 0;
        for (var i = 0; i < t.Length; i++)
        {
            var fApB = f[i] * a + b;
            sum += fApB >= 0 ? t[i] * fApB + Math.Log(1 + Math.Exp(-fApB)) : (t[i] - 1) * fApB + Math.Log(1 + Math.Exp(fApB));
        }

        return sum;
    }
}
