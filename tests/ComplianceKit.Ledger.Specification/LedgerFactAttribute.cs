using Xunit.Abstractions;
using Xunit.Sdk;

namespace ComplianceKit.Ledger.Specification;

/// <summary>
/// A fact of the ledger contract and of every store suite: skipped, with the reason, when its class (or an interface the
/// class implements, such as a store suite's "needs PostgreSQL" marker) carries a <see cref="LedgerSkipAttribute"/> that
/// gives one.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("ComplianceKit.Ledger.Specification.LedgerFactDiscoverer", "ComplianceKit.Ledger.Specification")]
public sealed class LedgerFactAttribute : FactAttribute;

/// <summary>
/// Discovers <see cref="LedgerFactAttribute"/> tests, deciding their skip from the <see cref="LedgerSkipAttribute"/> of the
/// class or of its interfaces. The first skip sends its reason as one diagnostic message, which the runner prints as a
/// warning in the default <c>dotnet test</c> output (with diagnostic messages on); each test's reason shows at normal verbosity.
/// </summary>
public sealed class LedgerFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private static int _announced;

    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var type = testMethod.TestClass.Class.ToRuntimeType();
        var skip = type.GetInterfaces().Prepend(type)
            .SelectMany(t => t.GetCustomAttributes(typeof(LedgerSkipAttribute), inherit: true).Cast<LedgerSkipAttribute>())
            .Select(a => a.Reason).FirstOrDefault(reason => reason is not null);
        if (skip is not null && Interlocked.Exchange(ref _announced, 1) == 0)
        {
            diagnosticMessageSink.OnMessage(new DiagnosticMessage($"Tests are skipped: {skip}"));
        }

        yield return new SkippableLedgerTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skip);
    }
}

/// <summary>A test case whose skip reason is decided at discovery.</summary>
public sealed class SkippableLedgerTestCase : XunitTestCase
{
    private string? _skip;

    /// <summary>For deserialization only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippableLedgerTestCase()
    {
    }

    /// <summary>Creates the test case.</summary>
    public SkippableLedgerTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string? skip)
        : base(sink, display, options, method)
    {
        _skip = skip;
        SkipReason = skip;
    }

    /// <inheritdoc />
    public override void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        base.Serialize(data);
        data.AddValue("LedgerSkip", _skip);
    }

    /// <inheritdoc />
    public override void Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        base.Deserialize(data);
        _skip = data.GetValue<string>("LedgerSkip");
        SkipReason = _skip;
    }

    /// <inheritdoc />
    protected override string? GetSkipReason(IAttributeInfo factAttribute) => _skip ?? base.GetSkipReason(factAttribute);
}
