using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Cli.Tests.Revocation;

/// <summary>
/// <c>export --crls &lt;dir&gt;</c> carries the CRLs of the signers' CA in the bundle (docs/FORMAT.md 12.15), and <c>verify</c> and <c>report</c>
/// say per signature what they show, or that revocation was not checked when the bundle carries none.
/// </summary>
public sealed class ExportCrlsCommandTests
{
    [Fact]
    public async Task ExportWithCrls_ThenVerify_EverySignatureJudgedGoodInTextJsonAndHtml()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var crls = Directory.CreateDirectory(clinic.File("crls")).FullName;
        // Current from before the approvals (2025) until after the export, whose checkpoint is signed now.
        var crl = TestPki.Instance.Authority.CreateCrl(TestPki.SigningTime - Duration.FromDays(1), Instant.FromUtc(2049, 1, 1, 0, 0) - TestPki.SigningTime);
        await File.WriteAllBytesAsync(Path.Combine(crls, "root.crl"), crl);
        var bundle = clinic.File("with-crls.zip");
        var page = clinic.File("report.html");

        var export = await CliRun.RunAsync("export", "--db", clinic.Database, "--out", bundle, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization, "--crls", crls);
        var text = await CliRun.RunAsync("verify", bundle, "--trust", clinic.CaPem);
        var json = await CliRun.RunAsync("verify", bundle, "--trust", clinic.CaPem, "--json");
        var html = await CliRun.RunAsync("report", bundle, "--trust", clinic.CaPem, "--html", page);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains($"Carries 1 CRL(s) from {crls}", export.Output, StringComparison.Ordinal);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("  revocation    approvals/", text.Output, StringComparison.Ordinal);
        Assert.Contains("checkpoint.p7s: good: not revoked at", text.Output, StringComparison.Ordinal);
        var revocation = json.Json().GetProperty("revocation");
        Assert.True(revocation.GetProperty("checked").GetBoolean());
        var signatures = revocation.GetProperty("signatures").EnumerateArray().ToList();
        Assert.Equal(3, signatures.Count);
        Assert.All(signatures, s => Assert.Equal("Good", s.GetProperty("status").GetString()));
        Assert.True(html.ExitCode == 0, html.ToString());
        Assert.Contains("checkpoint.p7s: good: not revoked at", await File.ReadAllTextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyWithoutRevocationData_SaysRevocationNotCheckedInTextJsonAndHtml()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var bundle = clinic.File("plain.zip");
        var page = clinic.File("report.html");
        Assert.Equal(0, (await CliRun.RunAsync("export", "--db", clinic.Database, "--out", bundle, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization)).ExitCode);

        var text = await CliRun.RunAsync("verify", bundle, "--trust", clinic.CaPem);
        var json = await CliRun.RunAsync("verify", bundle, "--trust", clinic.CaPem, "--json");
        var html = await CliRun.RunAsync("report", bundle, "--trust", clinic.CaPem, "--html", page);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("  revocation    revocation not checked: the bundle carries no revocation data", text.Output, StringComparison.Ordinal);
        Assert.False(json.Json().GetProperty("revocation").GetProperty("checked").GetBoolean());
        Assert.True(html.ExitCode == 0, html.ToString());
        Assert.Contains("revocation not checked", await File.ReadAllTextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportWithCrls_AFileThatIsNotACrl_UsageErrorAndNoBundle()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var crls = Directory.CreateDirectory(clinic.File("crls")).FullName;
        await File.WriteAllTextAsync(Path.Combine(crls, "broken.crl"), "not a CRL");
        var bundle = clinic.File("never.zip");

        var export = await CliRun.RunAsync("export", "--db", clinic.Database, "--out", bundle, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization, "--crls", crls);

        Assert.True(export.ExitCode == 2, export.ToString());
        Assert.Contains("broken.crl", export.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(bundle));
    }

    [Theory]
    [InlineData("v2-revocation-revoked-before", 1, "SignerRevoked", "REVOKED")]
    [InlineData("v2-revocation-revoked-after", 0, "RevokedAfterTrustedTime", "revoked later (stands)")]
    [InlineData("v2-revocation-stale-crl", 1, "RevocationDataInvalid", "REVOCATION DATA INVALID")]
    public async Task VerifyConformanceRevocationCase_TextNamesTheVerdict(string name, int exitCode, string finding, string words)
    {
        var suite = Conformance.ConformanceSuiteTests.Suite;

        var text = await CliRun.RunAsync("verify", Path.Combine(suite, "bundles", name + ".zip"), "--trust", Path.Combine(suite, "ca.pem"));

        Assert.True(text.ExitCode == exitCode, text.ToString());
        Assert.Contains(finding, text.Output, StringComparison.Ordinal);
        Assert.Contains(words, text.Output, StringComparison.Ordinal);
    }
}
