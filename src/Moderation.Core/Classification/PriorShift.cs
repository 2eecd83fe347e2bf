namespace Moderation.Core.Classification;

/// <summary>
/// Bayes' rule for a changed class balance. A model calibrated on training data where positives made up
/// π of the rows says p; on traffic where they make up r, the same evidence means
/// logit(p') = logit(p) + logit(r) − logit(π) (Saerens, Latinne &amp; Decaestecker 2002). The training files are
/// 20–60 % spam or abuse, real comment streams a few per cent: without this, a 0.8 would mean far less
/// than 80 % on a real site.
/// </summary>
public static class PriorShift
{
    /// <summary>Probabilities are kept this far from 0 and 1, so a logit is always finite.</summary>
    private const double Epsilon = 1e-12;

    /// <summary><paramref name="probability"/> re-expressed for a positive rate of <paramref name="to"/> instead of <paramref name="from"/>.</summary>
    public static double Apply(double probability, double from, double to)
    {
        if (from == to || double.IsNaN(probability))
        {
            return probability;
        }

        return Sigmoid(Logit(probability) + Logit(to) - Logit(from));
    }

    public static double Logit(double probability)
    {
        var p = Math.Clamp(probability, Epsilon, 1 - Epsilon);
        return Math.Log(p / (1 - p));
    }

    public static double Sigmoid(double logit) => 1 / (1 + Math.Exp(-logit));
}
