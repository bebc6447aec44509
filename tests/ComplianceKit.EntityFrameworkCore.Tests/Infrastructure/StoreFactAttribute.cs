using Xunit.Abstractions;
using Xunit.Sdk;

namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// A fact that runs on every store. In a class marked <see cref="IPostgresTests"/> it is skipped,
/// with a message saying how to enable it, when no PostgreSQL is configured; in CI it never skips.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("ComplianceKit.EntityFrameworkCore.Tests.Infrastructure.StoreFactDiscoverer", "ComplianceKit.EntityFrameworkCore.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Marks a test class whose tests need the PostgreSQL server.</summary>
public interface IPostgresTests;

/// <summary>
/// Discovers <see cref="StoreFactAttribute"/> tests, skipping PostgreSQL ones when no server is configured. The first skip
/// sends its reason as one diagnostic message, which the runner prints as a warning in the default <c>dotnet test</c>
/// output (xunit.runner.json turns diagnostic messages on); each test's skip reason shows only at normal verbosity.
/// </summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private static int _announced;

    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        var skip = typeof(IPostgresTests).IsAssignableFrom(type) ? PostgresServer.SkipReason : null;
        if (skip is not null && Interlocked.Exchange(ref _announced, 1) == 0)
        {
            diagnosticMessageSink.OnMessage(new DiagnosticMessage($"PostgreSQL tests are skipped: {skip}"));
        }

        yield return new StoreTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skip);
    }
}

/// <summary>A test case whose skip reason is decided at discovery.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    private string? _skip;

    /// <summary>For deserialization only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    /// <summary>Creates the test case.</summary>
    public StoreTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string? skip)
        : base(sink, display, options, method)
    {
        _skip = skip;
        SkipReason = skip;
    }

    /// <inheritdoc />
    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("StoreSkip", _skip);
    }

    /// <inheritdoc />
    public override void Deserialize(IXunitSerializationInfo data)
    {
        base.Deserialize(data);
        _skip = data.GetValue<string>("StoreSkip");
        SkipReason = _skip;
    }

    /// <inheritdoc />
    protected override string? GetSkipReason(IAttributeInfo factAttribute) => _skip ?? base.GetSkipReason(factAttribute);
}
