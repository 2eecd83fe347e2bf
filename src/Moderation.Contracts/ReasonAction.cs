using System.Text.Json.Serialization;

namespace Moderation.Contracts;

/// <summary>What a reason asks the policy to do, from mildest to strongest.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReasonAction>))]
public enum ReasonAction
{
    /// <summary>Informational only; never changes the outcome.</summary>
    Flag = 0,

    /// <summary>Speaks for approving (for example a trusted author).</summary>
    Approve = 1,

    /// <summary>Asks for a human to look.</summary>
    Hold = 2,

    /// <summary>Asks for rejection.</summary>
    Reject = 3,
}
