using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Tests.Revocation;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Cli.Tests.Revocation;

/// <summary>
/// <c>export --ocsp &lt;dir&gt;</c> carries the OCSP responses current at each signature's time (docs/FORMAT.md 12.15), made here by a real
/// <c>openssl ocsp</c> responder: the checkpoint, signed now by its own key, is covered by a response made now; the approvals, signed in
/// 2025 by other certificates, by none (not checked).
/// </summary>
public sealed class ExportOcspCommandTests
{
    [Fact]
    public async Task ExportWithOcsp_ThenVerify_CheckpointJudgedGoodByTheResponse()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var pki = TestPki.Instance;
        using var responderCertificate = pki.Authority.Issue("CN=Clinic OCSP Responder", new TestCertificateProfile
        {
            KeyType = TestKeyType.Rsa2048, ExtendedKeyUsages = ["1.3.6.1.5.5.7.3.9"], ValidFrom = Instant.FromUtc(2020, 1, 1, 0, 0), ValidUntil = Instant.FromUtc(2048, 1, 1, 0, 0),
        });
        using var checkpoints = pki.Authority.Issue("CN=Clinic Checkpoints, O=Test Clinic", new TestCertificateProfile
        {
            KeyType = TestKeyType.Rsa2048, ValidFrom = Instant.FromUtc(2020, 1, 1, 0, 0), ValidUntil = Instant.FromUtc(2048, 1, 1, 0, 0),
        });
        var pfx = clinic.File("checkpoints.pfx");
        await File.WriteAllBytesAsync(pfx, checkpoints.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12));
        using var responder = new OpenSslOcspResponder(pki.Authority.Certificate, responderCertificate);
        responder.Add(checkpoints);
        var folder = Directory.CreateDirectory(clinic.File("ocsp")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, "checkpoints.ocsp"), responder.Respond(checkpoints, validDays: 2));
        var bundle = clinic.File("with-ocsp.zip");

        var export = await CliRun.RunAsync("export", "--db", clinic.Database, "--out", bundle, "--signing-cert", pfx, "--organization", ClinicWorkspace.Organization, "--ocsp", folder);
        var text = await CliRun.RunAsync("verify", bundle, "--trust", clinic.CaPem);
        var missing = await CliRun.RunAsync("export", "--db", clinic.Database, "--out", clinic.File("other.zip"), "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization, "--ocsp", clinic.File("nowhere"));

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains($"Carries 1 OCSP response(s) from {folder}", export.Output, StringComparison.Ordinal);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("checkpoint.p7s: good: not revoked at", text.Output, StringComparison.Ordinal);
        Assert.Contains("by the OCSP response current then (revocation/", text.Output, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--ocsp: The OCSP response folder", missing.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(clinic.File("other.zip")));
    }
}
