using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Benchmarks.Anchoring.Phases;

/// <summary>A signer whose signatures are timed as <paramref name="phase"/> (<see cref="PhaseTimings"/>).</summary>
internal sealed class TimedSigner(ICmsSigner inner, string phase) : ICmsSigner
{
    public X509Certificate2 Certificate => inner.Certificate;

    public async ValueTask<byte[]> SignDetachedAsync(ReadOnlyMemory<byte> content, Instant signingTime, CancellationToken cancellationToken = default) =>
        await PhaseTimings.TimeAsync(phase, () => inner.SignDetachedAsync(content, signingTime, cancellationToken).AsTask()).ConfigureAwait(false);
}
