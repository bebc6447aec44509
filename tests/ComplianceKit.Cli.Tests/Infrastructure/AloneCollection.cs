namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>Tests that measure the process (allocations) or mount file systems run alone, not beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Runs alone";
}
