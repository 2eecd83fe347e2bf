using Moderation.Core.Normalisation;

namespace Moderation.Core.Classification;

/// <summary>
/// Stands in for a task whose model is not loaded: it never invents a score, and the pipeline
/// records a <c>ClassifierUnavailable</c> flag so every decision says what it was made without.
/// </summary>
public sealed class UnavailableClassifier(string task) : IClassifier
{
    public string Task { get; } = task;

    public ClassifierResult? Score(NormalizedText text, ScoringContext context) => null;
}
