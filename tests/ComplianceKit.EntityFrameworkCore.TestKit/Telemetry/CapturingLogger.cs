using Microsoft.Extensions.Logging;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Telemetry;

/// <summary>An <see cref="ILogger{T}"/> that keeps every message with its event id, level, rendered text and structured values.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<LogRecord> _records = [];

    public IReadOnlyList<LogRecord> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        lock (_records)
        {
            _records.Add(new LogRecord(logLevel, eventId.Id, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value)));
        }
    }
}

/// <summary>One captured log message.</summary>
internal sealed record LogRecord(LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> Values);
