using System.Text.RegularExpressions;
using Moderation.Core.Normalisation;

namespace Moderation.Classifiers.Training;

/// <summary>
/// <see cref="TextNormalizer.Normalize"/> for batch work. Its URL and e-mail patterns carry a 200 ms match
/// timeout, which a starved process on an oversubscribed machine can hit on an ordinary comment; a training run
/// of minutes should not die of that, so a timed-out comment is normalised again (the timeout is wall time).
/// </summary>
internal static class Normalise
{
    public static NormalizedText Text(string text)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return TextNormalizer.Normalize(text);
            }
            catch (RegexMatchTimeoutException) when (attempt < 5)
            {
                Thread.Sleep(50 * attempt);
            }
        }
    }
}
