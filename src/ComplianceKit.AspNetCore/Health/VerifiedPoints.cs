using System.Collections.Concurrent;
using ComplianceKit.Verification;

namespace ComplianceKit.AspNetCore.Health;

/// <summary>
/// How far this process verified each chain: held in memory only (the trust rule of <see cref="VerifiedPoint"/>), so a restart
/// verifies from genesis again. One probe at a time, so two probes never verify the same entries twice.
/// </summary>
internal sealed class VerifiedPoints
{
    private readonly ConcurrentDictionary<string, VerifiedPoint> _points = new(StringComparer.Ordinal);

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public VerifiedPoint? Get(string chainId) => _points.GetValueOrDefault(chainId);

    public void Set(VerifiedPoint point) => _points[point.ChainId] = point;
}
