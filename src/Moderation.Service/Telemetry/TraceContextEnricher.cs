using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;

namespace Moderation.Service.Telemetry;

/// <summary>
/// Adds <c>TraceId</c> and <c>SpanId</c> properties from the current activity, so a log line
/// can be found from its trace and back in any sink, whatever the formatter does with Serilog's
/// built-in trace fields.
/// </summary>
internal sealed class TraceContextEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (Activity.Current is not { } activity)
        {
            return;
        }

        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("TraceId", activity.TraceId.ToHexString()));
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("SpanId", activity.SpanId.ToHexString()));
    }
}
