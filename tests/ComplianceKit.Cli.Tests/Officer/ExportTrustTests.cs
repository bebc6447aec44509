using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Cli.Tests.Officer;

/// <summary><c>export</c> refuses a signing certificate its own <c>verify</c> would refuse; <c>verify</c> words a trust problem as one, never as tampering.</summary>
public sealed class ExportTrustTests
{
    private static TestPki Pki => TestPki.Instance;

    [Theory]
    [InlineData("ca-certificate", "SignerCertificateUnsuitable")]
    [InlineData("other-ca", "UntrustedChain")]
    [InlineData("no-digital-signature", "KeyUsageMissing")]
    [InlineData("expired", "NotValidAtSigningTime")]
    public async Task Export_CertificateVerifyWouldRefuse_ExitOneAndNoBundleWritten(string certificate, string status)
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var pfx = work.Pfx(certificate switch
        {
            "ca-certificate" => Pki.CaSigner,
            "other-ca" => Pki.ForeignSigner,
            "no-digital-signature" => Pki.NoDigitalSignatureSigner,
            _ => Pki.ExpiredSigner,
        }, "org.pfx");
        var bundle = work.File("bundle.zip");

        var result = await CliRun.RunAsync("export", "--db", work.Database, "--out", bundle, "--signing-cert", pfx, "--organization", "Test Clinic");

        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains($"refused ({status})", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(bundle));
        Assert.False(File.Exists(bundle + ".partial"));
    }

    [Fact]
    public async Task Export_NoAnchorsAnywhere_ChecksTheCertificateItselfAndWarns()
    {
        using var work = OfficerWorkspace.CreateFiles();
        Assert.Equal(0, (await CliRun.RunAsync("import-checklist", work.ChecklistFile, "--db", work.Database)).Exit);

        var refused = await CliRun.RunAsync("export", "--db", work.Database, "--out", work.File("a.zip"), "--signing-cert", work.Pfx(Pki.NoDigitalSignatureSigner, "k.pfx"),
            "--organization", "Test Clinic");
        var written = await CliRun.RunAsync("export", "--db", work.Database, "--out", work.File("b.zip"), "--signing-cert", work.Pfx(Pki.RsaSigner, "r.pfx"),
            "--organization", "Test Clinic");

        Assert.Equal(1, refused.Exit);
        Assert.Contains("chain is not checked", refused.Error, StringComparison.Ordinal);
        Assert.True(written.Exit == 0, written.ToString());
    }

    [Fact]
    public async Task Verify_BundleSignedUnderAnotherCa_TrustFindingExitOneNeverTampering()
    {
        using var work = OfficerWorkspace.CreateFiles();
        Assert.Equal(0, (await CliRun.RunAsync("import-checklist", work.ChecklistFile, "--db", work.Database)).Exit);
        var bundle = work.File("bundle.zip");
        var export = await CliRun.RunAsync("export", "--db", work.Database, "--out", bundle, "--signing-cert", work.Pfx(Pki.ForeignSigner, "f.pfx"), "--organization", "Elsewhere");
        Assert.True(export.Exit == 0, export.ToString());

        var text = await CliRun.RunAsync("verify", bundle, "--trust", work.CaPem);
        var json = await CliRun.RunAsync("verify", bundle, "--trust", work.CaPem, "--json");

        Assert.Equal(1, text.Exit);
        Assert.Contains("SIGNER NOT TRUSTED", text.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("tampering", text.Output.Replace("not evidence of tampering", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, json.Exit);
        var finding = Assert.Single(json.Json().GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() != "note"); // AdministrationRootNotPinned is a note
        Assert.Equal("SignerNotTrusted", finding.GetProperty("kind").GetString());
        Assert.Equal("trust", finding.GetProperty("severity").GetString());
        Assert.Equal("Invalid", json.Json().GetProperty("verdict").GetString());
    }
}
