using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Timestamps;
using NodaTime;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// Signs like <paramref name="inner"/>, then attaches a token from <paramref name="authority"/> over the signature value, as the
/// programme's timestamping signer does over HTTP: kernel types and the test TSA only, so the conformance generator can share it.
/// </summary>
internal sealed class TimestampingTestSigner(ICmsSigner inner, TimestampResponder authority) : ICmsSigner
{
    public X509Certificate2 Certificate => inner.Certificate;

    public async ValueTask<byte[]> SignDetachedAsync(ReadOnlyMemory<byte> content, Instant signingTime, CancellationToken cancellationToken = default) =>
        authority.Timestamp(await inner.SignDetachedAsync(content, signingTime, cancellationToken));
}
