using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Moderation.Service.Tests.Support;

/// <summary>A Serilog sink that keeps what the service logs; registered in DI, the host picks it up.</summary>
public sealed class LogCollector : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
}
