using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Testing.Pki;

/// <summary>
/// A certificate authority for tests, with real X.509: an organisation's root CA (or an issuing CA below one) that
/// issues signer certificates (RSA or ECDSA), expired, not-yet-valid and revoked ones, certificates without the key
/// usage a signer needs, and CRLs signed with its key (<see cref="CertificateRevocationListBuilder"/>). Every validity
/// period is computed from the <see cref="IClock"/> it was created with, so tests pin time with a
/// <c>NodaTime.Testing.FakeClock</c> and never depend on the day they run.
/// </summary>
/// <remarks>
/// Keys are generated in memory for each authority and certificate and never written anywhere. Issued certificates
/// carry their private key (hand one to <c>X509CertificateSigner</c> or <see cref="Signing.TestSigner"/>);
/// <see cref="Certificate"/> is the public part only. Thread-safe. Never trust such a CA outside tests.
/// </remarks>
public sealed class TestCertificateAuthority : IDisposable
{
    /// <summary>id-kp-timeStamping (RFC 3161): the extended key usage a time-stamping authority's certificate carries.</summary>
    public const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";

    private static readonly X509KeyUsageFlags CaUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign;

    private readonly X509Certificate2 _withKey;
    private readonly TestCertificateAuthority? _parent;
    private readonly List<TestCertificateAuthority> _children = [];
    private readonly CertificateRevocationListBuilder _revocations = new();
    private readonly object _gate = new();
    private long _crlNumber;

    private TestCertificateAuthority(X509Certificate2 withKey, IClock clock, TestCertificateAuthority? parent)
    {
        _withKey = withKey;
        _parent = parent;
        Clock = clock;
        Certificate = X509CertificateLoader.LoadCertificate(withKey.RawData);
    }

    /// <summary>The authority's certificate, public part: what a trust store or an administration pin holds.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The clock every default validity and CRL time is read from.</summary>
    public IClock Clock { get; }

    /// <summary>
    /// Creates a self-signed root CA (basic constraints CA:TRUE, keyCertSign and cRLSign), valid from ten years before
    /// the clock's now until twenty years after unless <paramref name="validFrom"/>/<paramref name="validUntil"/> say otherwise.
    /// </summary>
    /// <param name="clock">The clock validity periods are computed from.</param>
    /// <param name="subject">The distinguished name, for example <c>CN=Acme Clinic CA, O=Acme Clinic</c>.</param>
    /// <param name="keyType">The CA's key.</param>
    /// <param name="validFrom">Start of validity, if not the default.</param>
    /// <param name="validUntil">End of validity, if not the default.</param>
    public static TestCertificateAuthority CreateRoot(IClock clock, string subject = "CN=Test Organisation CA, O=Test Organisation",
        TestKeyType keyType = TestKeyType.Rsa2048, Instant? validFrom = null, Instant? validUntil = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var now = clock.GetCurrentInstant();
        using var key = NewKey(keyType);
        var request = NewRequest(subject, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(CaUsage, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.CreateSelfSigned(
            (validFrom ?? now - Duration.FromDays(3650)).ToDateTimeOffset(), (validUntil ?? now + Duration.FromDays(7300)).ToDateTimeOffset());
        return new TestCertificateAuthority(certificate, clock, parent: null);
    }

    /// <summary>Creates an issuing CA below this one; its CRLs and certificates join this authority's <see cref="CreateTrustPolicy"/>.</summary>
    /// <param name="subject">The issuing CA's distinguished name.</param>
    /// <param name="keyType">The issuing CA's key.</param>
    public TestCertificateAuthority CreateIntermediate(string subject, TestKeyType keyType = TestKeyType.EcdsaP256)
    {
        var certificate = Issue(subject, new TestCertificateProfile
        {
            KeyType = keyType,
            KeyUsage = CaUsage,
            IsCertificateAuthority = true,
            ValidFrom = Instant.FromDateTimeUtc(_withKey.NotBefore.ToUniversalTime()),
            ValidUntil = Instant.FromDateTimeUtc(_withKey.NotAfter.ToUniversalTime()) - Duration.FromDays(1),
        });
        var child = new TestCertificateAuthority(certificate, Clock, this);
        lock (_gate)
        {
            _children.Add(child);
        }

        return child;
    }

    /// <summary>Issues a certificate as <paramref name="profile"/> describes (a good signer by default), with its private key.</summary>
    /// <param name="subject">The distinguished name, for example <c>CN=Casey Officer, T=Compliance Officer</c>.</param>
    /// <param name="profile">Key, validity, key usage and basic constraints; <see langword="null"/> for a good signer.</param>
    public X509Certificate2 Issue(string subject, TestCertificateProfile? profile = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        profile ??= new TestCertificateProfile();
        var now = Clock.GetCurrentInstant();
        var issuerUntil = Instant.FromDateTimeUtc(_withKey.NotAfter.ToUniversalTime()).ToDateTimeOffset();
        var notBefore = (profile.ValidFrom ?? now - Duration.FromDays(365)).ToDateTimeOffset();
        var notAfter = profile.ValidUntil?.ToDateTimeOffset() ?? Min((now + Duration.FromDays(5 * 365)).ToDateTimeOffset(), issuerUntil);
        using var key = NewKey(profile.KeyType);
        var request = NewRequest(subject, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(profile.IsCertificateAuthority, false, 0, true));
        if (profile.KeyUsage is { } usage)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        }

        if (profile.ExtendedKeyUsages is { } purposes)
        {
            var oids = new OidCollection();
            foreach (var purpose in purposes)
            {
                oids.Add(new Oid(purpose));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, true));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_withKey, true, false));
        using var issued = request.Create(_withKey.SubjectName, SignatureGenerator(), notBefore, notAfter, NewSerialNumber());
        return key switch
        {
            RSA rsa => issued.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => issued.CopyWithPrivateKey(ecdsa),
            _ => throw new NotSupportedException(),
        };
    }

    /// <summary>Issues a good signer certificate (digitalSignature, nonRepudiation) with the given key, valid around the clock's now.</summary>
    public X509Certificate2 IssueSigner(string subject, TestKeyType keyType = TestKeyType.EcdsaP256) =>
        Issue(subject, new TestCertificateProfile { KeyType = keyType });

    /// <summary>
    /// Issues a time-stamping authority certificate as RFC 3161 section 2.3 requires: an end-entity certificate whose only
    /// extended key usage is id-kp-timeStamping, critical, with digitalSignature and nonRepudiation, valid around the clock's
    /// now unless <paramref name="validFrom"/>/<paramref name="validUntil"/> say otherwise.
    /// </summary>
    public X509Certificate2 IssueTimeStamping(string subject, TestKeyType keyType = TestKeyType.Rsa2048, Instant? validFrom = null, Instant? validUntil = null) =>
        Issue(subject, new TestCertificateProfile
        {
            KeyType = keyType,
            ExtendedKeyUsages = [TimeStampingOid],
            ValidFrom = validFrom,
            ValidUntil = validUntil,
        });

    /// <summary>Issues a signer certificate that expired a year before the clock's now (valid from three years before until one).</summary>
    public X509Certificate2 IssueExpired(string subject, TestKeyType keyType = TestKeyType.EcdsaP256)
    {
        var now = Clock.GetCurrentInstant();
        return Issue(subject, new TestCertificateProfile
        {
            KeyType = keyType,
            ValidFrom = now - Duration.FromDays(3 * 365),
            ValidUntil = now - Duration.FromDays(365),
        });
    }

    /// <summary>Issues a signer certificate that becomes valid a year after the clock's now.</summary>
    public X509Certificate2 IssueNotYetValid(string subject, TestKeyType keyType = TestKeyType.EcdsaP256)
    {
        var now = Clock.GetCurrentInstant();
        return Issue(subject, new TestCertificateProfile
        {
            KeyType = keyType,
            ValidFrom = now + Duration.FromDays(365),
            ValidUntil = now + Duration.FromDays(3 * 365),
        });
    }

    /// <summary>Issues a certificate that may not sign: its key usage is keyEncipherment only (no digitalSignature, no nonRepudiation).</summary>
    public X509Certificate2 IssueWithoutSigningKeyUsage(string subject, TestKeyType keyType = TestKeyType.Rsa2048) =>
        Issue(subject, new TestCertificateProfile { KeyType = keyType, KeyUsage = X509KeyUsageFlags.KeyEncipherment });

    /// <summary>Issues a good signer certificate and revokes it at <paramref name="revokedAt"/> (a day before the clock's now when unset).</summary>
    public X509Certificate2 IssueRevoked(string subject, Instant? revokedAt = null, X509RevocationReason reason = X509RevocationReason.KeyCompromise,
        TestKeyType keyType = TestKeyType.EcdsaP256)
    {
        var certificate = IssueSigner(subject, keyType);
        Revoke(certificate, revokedAt ?? Clock.GetCurrentInstant() - Duration.FromDays(1), reason);
        return certificate;
    }

    /// <summary>Records <paramref name="certificate"/> as revoked at <paramref name="revokedAt"/>: it appears in every later <see cref="CreateCrl"/>.</summary>
    public void Revoke(X509Certificate2 certificate, Instant revokedAt, X509RevocationReason reason = X509RevocationReason.KeyCompromise)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        lock (_gate)
        {
            _revocations.AddEntry(certificate, revokedAt.ToDateTimeOffset(), reason);
        }
    }

    /// <summary>
    /// A DER CRL signed by this authority, listing every certificate revoked so far, with the next CRL number: issued at
    /// <paramref name="thisUpdate"/> (the clock's now when unset) and valid for <paramref name="validFor"/> (thirty days when unset).
    /// </summary>
    public byte[] CreateCrl(Instant? thisUpdate = null, Duration? validFor = null)
    {
        var issued = thisUpdate ?? Clock.GetCurrentInstant();
        var nextUpdate = issued + (validFor ?? Duration.FromDays(30));
        lock (_gate)
        {
            var number = ++_crlNumber;
            var padding = _withKey.GetRSAPublicKey() is null ? null : RSASignaturePadding.Pkcs1;
            return _revocations.Build(_withKey, number, nextUpdate.ToDateTimeOffset(), HashAlgorithmName.SHA256, padding, issued.ToDateTimeOffset());
        }
    }

    /// <summary>
    /// A trust policy for <see cref="CmsSignatureVerifier"/>: trusts the root of this authority's hierarchy, knows every
    /// issuing CA created below it, and carries a fresh CRL from each (<see cref="CreateCrl"/>, issued now).
    /// </summary>
    public SignatureTrustPolicy CreateTrustPolicy()
    {
        var root = this;
        while (root._parent is not null)
        {
            root = root._parent;
        }

        var policy = new SignatureTrustPolicy([root.Certificate]);
        root.AddTo(policy, isRoot: true);
        return policy;
    }

    /// <summary>Disposes the authority's key and certificates (not the certificates it issued, which belong to the caller).</summary>
    public void Dispose()
    {
        _withKey.Dispose();
        Certificate.Dispose();
    }

    private void AddTo(SignatureTrustPolicy policy, bool isRoot)
    {
        if (!isRoot)
        {
            policy.IntermediateCertificates.Add(Certificate);
        }

        policy.CertificateRevocationLists.Add(CreateCrl());
        TestCertificateAuthority[] children;
        lock (_gate)
        {
            children = [.. _children];
        }

        foreach (var child in children)
        {
            child.AddTo(policy, isRoot: false);
        }
    }

    private X509SignatureGenerator SignatureGenerator() => _withKey.GetRSAPrivateKey() is { } rsa
        ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1)
        : X509SignatureGenerator.CreateForECDsa(_withKey.GetECDsaPrivateKey()!);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01); // positive, and never a shorter encoding
        return serial;
    }

    private static AsymmetricAlgorithm NewKey(TestKeyType keyType) => keyType switch
    {
        TestKeyType.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        TestKeyType.EcdsaP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        TestKeyType.Rsa2048 => RSA.Create(2048),
        TestKeyType.Rsa3072 => RSA.Create(3072),
        TestKeyType.EcdsaP224 => ECDsa.Create(ECCurve.CreateFromValue("1.3.132.0.33")),
        TestKeyType.Rsa1024 => RSA.Create(1024),
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unknown key type."),
    };

    private static CertificateRequest NewRequest(string subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256),
        _ => throw new NotSupportedException(),
    };
}
