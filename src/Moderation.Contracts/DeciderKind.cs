using System.Text.Json.Serialization;

namespace Moderation.Contracts;

/// <summary>Whether a decision was made by the pipeline or by a person.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeciderKind>))]
public enum DeciderKind
{
    /// <summary>Rules, classifiers and policy decided.</summary>
    Pipeline = 0,

    /// <summary>A moderator decided in the review queue.</summary>
    Moderator = 1,
}
