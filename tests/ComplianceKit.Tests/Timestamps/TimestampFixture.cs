using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Signing;
using ComplianceKit.Testing.Timestamps;
using ComplianceKit.Timestamps;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Timestamps;

/// <summary>An organisation CA with a signer, a separate TSA root with a real TSA on 127.0.0.1, and a client over it.</summary>
internal sealed class TimestampFixture : IDisposable
{
    public static readonly Instant Now = Instant.FromUtc(2026, 4, 1, 12, 0, 0);
    public static readonly byte[] Statement = "Casey approves release 2026.04.1"u8.ToArray();

    public TimestampFixture()
    {
        Organisation = TestCertificateAuthority.CreateRoot(Clock, "CN=Acme Clinic CA, O=Acme Clinic");
        TsaRoot = TestCertificateAuthority.CreateRoot(Clock, "CN=Trusted Time Root, O=Time Co");
        Signer = TestSigner.Issue(Organisation, "CN=Casey Officer, T=Compliance Officer");
        Authority = TestTimestampAuthority.Start(TsaRoot, TsaClock);
    }

    public FakeClock Clock { get; } = new(Now);

    /// <summary>The TSA's own clock, which a test may move away from the signer's.</summary>
    public FakeClock TsaClock { get; } = new(Now);

    public TestCertificateAuthority Organisation { get; }

    public TestCertificateAuthority TsaRoot { get; }

    public TestSigner Signer { get; }

    public TestTimestampAuthority Authority { get; }

    public HttpClient Http { get; } = new();

    public TimestampOptions Options(params Uri[] urls)
    {
        var options = new TimestampOptions { RequestTimeout = TimeSpan.FromSeconds(5) };
        foreach (var url in urls.Length == 0 ? [Authority.Url] : urls)
        {
            options.AuthorityUrls.Add(url);
        }

        return options;
    }

    public TimestampingSigner TimestampingSigner(TimestampOptions? options = null) =>
        new(Signer, new Rfc3161TimestampClient(Http, options ?? Options()));

    /// <summary>The organisation's trust policy, trusting <see cref="TsaRoot"/> for time.</summary>
    public SignatureTrustPolicy Policy(bool trustTsa = true)
    {
        var policy = Organisation.CreateTrustPolicy();
        if (trustTsa)
        {
            policy.TimestampAuthorityTrustAnchors.Add(TsaRoot.Certificate);
        }

        return policy;
    }

    public void Dispose()
    {
        Authority.Dispose();
        Http.Dispose();
        Signer.Dispose();
        TsaRoot.Dispose();
        Organisation.Dispose();
    }
}
