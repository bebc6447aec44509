using Microsoft.Extensions.Logging;

namespace ComplianceKit.Tests.Anchoring.Hosting;

/// <summary>A logger provider that keeps every message's category, level and event id, for a host under test.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<(string Category, LogLevel Level, int EventId, string Message)> _records = [];

    public IReadOnlyList<(string Category, LogLevel Level, int EventId, string Message)> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (provider._records)
            {
                provider._records.Add((category, logLevel, eventId.Id, formatter(state, exception)));
            }
        }
    }
}
