namespace Moderation.Service.Tests.Telemetry;

/// <summary>
/// The tests whose hosts record spans. Activity sources are global to the process: a host that
/// records a span makes it recorded for every other host's exporter too, so these take turns rather
/// than read each other's spans (the default hosts record nothing and need no turn).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SpanRecordingHosts
{
    public const string Name = "Hosts that record spans";
}
