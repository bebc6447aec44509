using Xunit.Abstractions;
using Xunit.Sdk;

namespace ComplianceKit.Ledger.Specification;

/// <summary>A fact of the ledger contract: skipped, with the reason, when its class carries a <see cref="LedgerSkipAttribute"/> that gives one.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("ComplianceKit.Ledger.Specification.LedgerFactDiscoverer", "ComplianceKit.Ledger.Specification")]
public sealed class LedgerFactAttribute : FactAttribute;

/// <summary>Discovers <see cref="LedgerFactAttribute"/> tests, deciding their skip from the class's <see cref="LedgerSkipAttribute"/>.</summary>
public sealed class LedgerFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var type = testMethod.TestClass.Class.ToRuntimeType();
        var skip = type.GetCustomAttributes(typeof(LedgerSkipAttribute), inherit: true).Cast<LedgerSkipAttribute>()
            .Select(a => a.Reason).FirstOrDefault(reason => reason is not null);
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
