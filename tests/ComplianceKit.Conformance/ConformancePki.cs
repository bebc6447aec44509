using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Testing.Pki;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Conformance;

/// <summary>
/// The suite's certificates, from ComplianceKit.Testing's <see cref="TestCertificateAuthority"/>: valid from 2000 until
/// 2100, so the checked-in bundles verify for decades. Keys are fresh on each run.
/// </summary>
internal sealed class ConformancePki
{
    private static readonly Instant From = Instant.FromUtc(2000, 1, 1, 0, 0);
    private static readonly Instant Until = Instant.FromUtc(2100, 1, 1, 0, 0);

    public ConformancePki()
    {
        var clock = new FakeClock(From);
        var ca = TestCertificateAuthority.CreateRoot(clock, "CN=Conformance Clinic CA, O=Conformance Clinic", TestKeyType.Rsa2048, From, Until);
        CaAuthority = ca;
        Ca = ca.Certificate;
        Organisation = ca.Issue("CN=Conformance Clinic Checkpoints, O=Conformance Clinic", Signer(TestKeyType.Rsa2048));
        SuccessorOrganisation = ca.Issue("CN=Conformance Clinic Checkpoints 2026, O=Conformance Clinic", Signer(TestKeyType.EcdsaP256));
        Officer = ca.Issue("CN=Olive Officer, T=Compliance Officer", Signer(TestKeyType.EcdsaP256));
        RevokedOfficer = ca.Issue("CN=Rory Revoked Officer, T=Compliance Officer", Signer(TestKeyType.EcdsaP256));
        LaterRevokedOfficer = ca.Issue("CN=Lena Later Revoked Officer, T=Compliance Officer", Signer(TestKeyType.EcdsaP256));
        using var rogueCa = TestCertificateAuthority.CreateRoot(clock, "CN=Rogue CA, O=Elsewhere", TestKeyType.Rsa2048, From, Until);
        Rogue = rogueCa.Issue("CN=Conformance Clinic Checkpoints, O=Conformance Clinic", Signer(TestKeyType.Rsa2048));
        OcspResponder = ca.Issue("CN=Conformance Clinic OCSP Responder, O=Conformance Clinic", Signer(TestKeyType.Rsa2048) with { ExtendedKeyUsages = [OcspSigning] });
        RogueOcspResponder = rogueCa.Issue("CN=Conformance Clinic OCSP Responder, O=Conformance Clinic", Signer(TestKeyType.Rsa2048) with { ExtendedKeyUsages = [OcspSigning] });
        var administration = TestCertificateAuthority.CreateRoot(clock, "CN=Conformance Clinic Administration Root, O=Conformance Clinic", TestKeyType.Rsa2048, From, Until);
        AdministrationRoot = administration.Certificate;
        Administrator = administration.Issue("CN=Ada Administrator, O=Conformance Clinic", Signer(TestKeyType.EcdsaP256));
        using var other = TestCertificateAuthority.CreateRoot(clock, "CN=Conformance Clinic Administration Root, O=Conformance Clinic", TestKeyType.Rsa2048, From, Until);
        OtherAdministrationRoot = X509CertificateLoader.LoadCertificate(other.Certificate.RawData);
        var time = TestCertificateAuthority.CreateRoot(clock, "CN=Conformance Time Root, O=Conformance Time", TestKeyType.Rsa2048, From, Until);
        TimeStampingRoot = time.Certificate;
        TimeStamping = time.IssueTimeStamping("CN=Conformance Time-Stamp Authority, O=Conformance Time", validFrom: From, validUntil: Until - Duration.FromDays(1));
        Witness = ca.Issue("CN=Wendy Witness, O=Independent Witness", Signer(TestKeyType.EcdsaP256));
        OtherWitness = ca.Issue("CN=Oscar Other Witness, O=Another Witness", Signer(TestKeyType.EcdsaP256));
    }

    /// <summary>The root of the time-stamping authority, written to tsa-root.pem (FORMAT.md 12.13): the auditor's <c>--tsa-trust</c>.</summary>
    public X509Certificate2 TimeStampingRoot { get; }

    /// <summary>The time-stamping authority's certificate with its key (id-kp-timeStamping, critical).</summary>
    public X509Certificate2 TimeStamping { get; }

    /// <summary>A witness whose co-signatures the v2-witness-* cases pin (witness.pem, issued under <see cref="Ca"/>).</summary>
    public X509Certificate2 Witness { get; }

    /// <summary>A second witness (other-witness.pem): pinned for the quorum of two, or co-signing unpinned.</summary>
    public X509Certificate2 OtherWitness { get; }

    /// <summary>The organisation's administration root, written to admin-root.pem: role grants must be signed under it.</summary>
    public X509Certificate2 AdministrationRoot { get; }

    /// <summary>An administrator under <see cref="AdministrationRoot"/>.</summary>
    public X509Certificate2 Administrator { get; }

    /// <summary>A look-alike administration root (same name, another key), written to other-admin-root.pem: the wrong pin.</summary>
    public X509Certificate2 OtherAdministrationRoot { get; }

    /// <summary>The CA behind <see cref="Ca"/>, with its key: it issues the CRLs the v2-revocation-* cases carry (FORMAT.md 12.15).</summary>
    public TestCertificateAuthority CaAuthority { get; }

    /// <summary>An approver whose certificate the v2-revocation-* CRL lists as revoked before the chain's approvals.</summary>
    public X509Certificate2 RevokedOfficer { get; }

    /// <summary>An approver whose certificate the v2-revocation-* CRL lists as revoked thirty days after the chain's approvals.</summary>
    public X509Certificate2 LaterRevokedOfficer { get; }

    /// <summary>id-kp-OCSPSigning (RFC 6960 section 4.2.2.2).</summary>
    public const string OcspSigning = "1.3.6.1.5.5.7.3.9";

    /// <summary>The CA's delegated OCSP responder (id-kp-OCSPSigning), with its key: it signs the v2-revocation-ocsp-* responses.</summary>
    public X509Certificate2 OcspResponder { get; }

    /// <summary>A look-alike responder (same name, id-kp-OCSPSigning) issued by the rogue CA: the forged responder.</summary>
    public X509Certificate2 RogueOcspResponder { get; }

    /// <summary>The officer's trust anchor, written to ca.pem.</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The organisation's checkpoint signer.</summary>
    public X509Certificate2 Organisation { get; }

    /// <summary>The key the organisation's checkpoint key is rotated to in the v2-key-* cases (FORMAT.md 12.16).</summary>
    public X509Certificate2 SuccessorOrganisation { get; }

    /// <summary>An approver holding the Compliance Officer role.</summary>
    public X509Certificate2 Officer { get; }

    /// <summary>A look-alike of the organisation's signer under a CA nobody trusts: a forgery without the key.</summary>
    public X509Certificate2 Rogue { get; }

    private static TestCertificateProfile Signer(TestKeyType keyType) =>
        new() { KeyType = keyType, ValidFrom = From, ValidUntil = Until - Duration.FromDays(1) };
}
