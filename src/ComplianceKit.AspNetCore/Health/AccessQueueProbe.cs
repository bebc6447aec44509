namespace ComplianceKit.AspNetCore.Health;

/// <summary>Reads the group-commit queue of the access trail for its health check.</summary>
internal sealed class AccessQueueProbe(string chainId, Func<int> length, int capacity)
{
    public string ChainId { get; } = chainId;

    public int Capacity { get; } = capacity;

    public int Length => length();
}
