using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Testing.Pki;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Benchmarks;

/// <summary>A throwaway root and one signer certificate (with its private key) for the signature benchmarks, from ComplianceKit.Testing's CA.</summary>
internal sealed class BenchmarkPki : IDisposable
{
    private static readonly Instant From = Instant.FromUtc(2020, 1, 1, 0, 0);
    private static readonly Instant Until = Instant.FromUtc(2040, 1, 1, 0, 0);

    private readonly TestCertificateAuthority _authority;

    private BenchmarkPki(TestCertificateAuthority authority, X509Certificate2 signer)
    {
        _authority = authority;
        Signer = signer;
    }

    /// <summary>The root, public part.</summary>
    public X509Certificate2 Root => _authority.Certificate;

    /// <summary>The signer, with its private key.</summary>
    public X509Certificate2 Signer { get; }

    /// <summary>Creates an ECDSA P-256 root and an RSA-2048 or ECDSA P-256 signer with the digitalSignature usage.</summary>
    public static BenchmarkPki Create(string key)
    {
        var authority = TestCertificateAuthority.CreateRoot(new FakeClock(From), "CN=Benchmark Root", TestKeyType.EcdsaP256, From, Until);
        var signer = authority.Issue("CN=Benchmark Signer", new TestCertificateProfile
        {
            KeyType = key == "RSA-2048" ? TestKeyType.Rsa2048 : TestKeyType.EcdsaP256,
            ValidFrom = From,
            ValidUntil = Until,
            KeyUsage = X509KeyUsageFlags.DigitalSignature,
        });
        return new BenchmarkPki(authority, signer);
    }

    /// <summary>An empty CRL signed by the root, valid over the certificates' whole validity.</summary>
    public byte[] CreateCrl() => _authority.CreateCrl(From, Until - From);

    /// <inheritdoc />
    public void Dispose()
    {
        _authority.Dispose();
        Signer.Dispose();
    }
}
