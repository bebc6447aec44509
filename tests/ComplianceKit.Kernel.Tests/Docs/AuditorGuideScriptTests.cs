using System.Diagnostics;
using System.Text.RegularExpressions;
using ComplianceKit.Bundles;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Bundles;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Tests.Docs;

/// <summary>
/// docs/AUDITOR-GUIDE.md, "With nothing but OpenSSL and sha256sum", run as written with bash and the real
/// OpenSSL, and every OpenSSL verification command in the documents: only the officer's ca.pem is trusted,
/// never the machine's CA store (SSL_CERT_DIR).
/// </summary>
public sealed partial class AuditorGuideScriptTests : IDisposable
{
    private const string Guide = "docs/AUDITOR-GUIDE.md";
    private const string Heading = "## With nothing but OpenSSL and sha256sum";
    private static readonly Lazy<Task<BundleTestChain>> Chain = new(() => BundleTestChain.CreateAsync(facts: 6));
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task GuideScript_LegitimateBundle_PassesEveryStep()
    {
        var bundle = await (await Chain.Value).BundleAsync();

        var (exitCode, output) = RunGuide(bundle, RogueStore(), RepositoryDocs.CodeBlockAfter(Guide, Heading));

        Assert.True(exitCode == 0, output);
        Assert.Equal(3, Regex.Count(output, "CMS Verification successful"));
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
        Assert.Contains("OK certificates/", output, StringComparison.Ordinal);
        Assert.Contains("== approvals/", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuideScript_CarriedCheckpointAndWitnessCosignature_PassStepSeven_AndAForgedOneFails()
    {
        var chain = await Chain.Value;
        var published = await BundleTestChain.SignedAsync(chain.CheckpointAt(4), TestPki.SigningTime, TestPki.Instance.EcdsaSigner);
        var bundle = await chain.BundleAsync(carried: [published]);
        var cosignature = BundleFormat.AnchorCosignatureFile(4, ComplianceKit.Approvals.CertificateFingerprint.Of(TestPki.Instance.EcdsaSigner));
        using var witness = new X509CertificateSigner(TestPki.Instance.EcdsaSigner);
        var overOtherBytes = await witness.SignDetachedAsync(chain.CheckpointAt(3).ToBytes(), TestPki.SigningTime);
        var forged = await BundleZip.ResignAsync(bundle, (n, b) => n == cosignature ? overOtherBytes : b);

        var (exitCode, output) = RunGuide(bundle, RogueStore(), RepositoryDocs.CodeBlockAfter(Guide, Heading));
        var (_, forgedOutput) = RunGuide(forged, RogueStore(), RepositoryDocs.CodeBlockAfter(Guide, Heading));

        Assert.True(exitCode == 0, output);
        Assert.Equal(5, Regex.Count(output, "CMS Verification successful"));
        Assert.Contains($"OK {cosignature}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
        Assert.Contains($"FAILED: {cosignature}", forgedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuideScript_CheckpointSignedUnderACaInSslCertDir_IsRefusedAtStepOne()
    {
        using var rogue = new X509CertificateSigner(TestPki.Instance.ForeignSigner);
        var bundle = await BundleZip.ResignAsync(await (await Chain.Value).BundleAsync(), (_, b) => b, signer: rogue);

        var (exitCode, output) = RunGuide(bundle, RogueStore(), RepositoryDocs.CodeBlockAfter(Guide, Heading));

        Assert.True(exitCode != 0, output);
        Assert.DoesNotContain("CMS Verification successful", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuideScript_WithoutTheStoreFlags_WouldTrustTheRogueCa()
    {
        using var rogue = new X509CertificateSigner(TestPki.Instance.ForeignSigner);
        var bundle = await BundleZip.ResignAsync(await (await Chain.Value).BundleAsync(), (_, b) => b, signer: rogue);
        var script = RepositoryDocs.CodeBlockAfter(Guide, Heading).Replace(" -no-CApath -no-CAstore", "", StringComparison.Ordinal);

        var (exitCode, output) = RunGuide(bundle, RogueStore(), script);

        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("docs/FORMAT.md")]
    [InlineData("docs/AUDITOR-GUIDE.md")]
    [InlineData("docs/BUNDLE.md")]
    [InlineData("README.md")]
    public void EveryDocumentedOpenSslVerification_RefusesTheMachineStore(string document)
    {
        var commands = OpenSslVerify().Matches(RepositoryDocs.Read(document).Replace("\\\n", " ", StringComparison.Ordinal)).Select(m => m.Value).ToList();

        Assert.All(commands, c => Assert.Contains("-no-CApath -no-CAstore", c, StringComparison.Ordinal));
        Assert.All(commands.Where(c => c.Contains(" cms ", StringComparison.Ordinal)), c => Assert.Contains("-binary -inform DER", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FormatCheckpointCommand_AcceptsTheOrganisationAndRefusesACaInSslCertDir()
    {
        var command = OpenSslVerify().Matches(RepositoryDocs.Read("docs/FORMAT.md")).Select(m => m.Value).Single(c => c.Contains("checkpoint.p7s", StringComparison.Ordinal));
        using var rogue = new X509CertificateSigner(TestPki.Instance.ForeignSigner);
        var legitimate = BundleZip.Members(await (await Chain.Value).BundleAsync());
        var forged = BundleZip.Members(await BundleZip.ResignAsync(await (await Chain.Value).BundleAsync(), (_, b) => b, signer: rogue));
        var store = RogueStore();

        var accepted = RunCheckpointCommand(command, legitimate, store);
        var refused = RunCheckpointCommand(command, forged, store);

        Assert.True(accepted.ExitCode == 0, accepted.Output);
        Assert.True(refused.ExitCode != 0, refused.Output);
    }

    public void Dispose() => _folder.Dispose();

    private (int ExitCode, string Output) RunCheckpointCommand(string command, Dictionary<string, byte[]> members, string store)
    {
        var folder = Path.Combine(_folder.Path, "cmd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, BundleFormat.CheckpointFile), members[BundleFormat.CheckpointFile]);
        File.WriteAllBytes(Path.Combine(folder, BundleFormat.CheckpointSignatureFile), members[BundleFormat.CheckpointSignatureFile]);
        File.WriteAllText(Path.Combine(folder, "ca.pem"), TestPki.Instance.Root.ExportCertificatePem());
        return Bash(folder, command, store);
    }

    /// <summary>Writes the bundle and ca.pem as the guide expects them, and runs the guide's script with bash -e.</summary>
    private (int ExitCode, string Output) RunGuide(byte[] bundle, string store, string script)
    {
        var folder = Path.Combine(_folder.Path, "guide-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "compliance-2026-q1.zip"), bundle);
        File.WriteAllText(Path.Combine(folder, "ca.pem"), TestPki.Instance.Root.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "witness-ca.pem"), TestPki.Instance.Root.ExportCertificatePem());
        return Bash(folder, "set -e\n" + script, store);
    }

    /// <summary>A CA directory in OpenSSL's hashed layout holding only the foreign CA: what SSL_CERT_DIR may point at on a machine.</summary>
    private string RogueStore()
    {
        var store = Path.Combine(_folder.Path, "store");
        if (!Directory.Exists(store))
        {
            Directory.CreateDirectory(store);
            var pem = Path.Combine(store, "rogue.pem");
            File.WriteAllText(pem, TestPki.Instance.OtherRoot.ExportCertificatePem());
            var (exitCode, output) = Bash(store, "openssl rehash .", store);
            Assert.True(exitCode == 0, output);
        }

        return store;
    }

    private static (int ExitCode, string Output) Bash(string folder, string script, string certDir)
    {
        var start = new ProcessStartInfo("/bin/bash") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["SSL_CERT_DIR"] = certDir;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "the script did not finish");
        process.WaitForExit();
        return (process.ExitCode, $"exit {process.ExitCode}\n{output.Result}\n{error.Result}");
    }

    [GeneratedRegex(@"openssl (cms -verify|verify)[^\n`]*")]
    private static partial Regex OpenSslVerify();
}
