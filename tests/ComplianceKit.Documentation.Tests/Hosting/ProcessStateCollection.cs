namespace ComplianceKit.Documentation.Tests.Hosting;

/// <summary>Tests that change the process's current directory or console run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process state";
}
