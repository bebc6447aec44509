using System.IO.Compression;
using System.Text.Json;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Cli.Tests.Officer;

/// <summary>
/// The compliance officer's whole job from the command line only, as the README's "From checklist to open gate" lists it:
/// init, import, trust, roles, evidence for every item, every sign-off role approves with its own certificate, the gate opens,
/// export, verify; then OpenSSL verifies each approval and sha256sum agrees with SHA256SUMS, without ComplianceKit.
/// </summary>
public sealed class OfficerWorkflowEndToEndTests : IDisposable
{
    private const string PasswordVariable = "CK_OFFICER_E2E_PASSWORD";
    private const string Gate = "release-4-0";
    private readonly WorkFolder _work = new();

    public OfficerWorkflowEndToEndTests() => Environment.SetEnvironmentVariable(PasswordVariable, "correct horse battery staple");

    [Fact]
    public async Task FromChecklistToOpenGate_CommandLineOnly_GateOpensAndTheBundleVerifiesWithOpenSslAndSha256sum()
    {
        var db = _work.File("clinic.db");
        var pki = _work.File("pki");
        string File(string name) => Path.Combine(pki, name);
        string[] Admin() => ["--signing-cert", File("administrator.pfx"), "--signing-password-env", PasswordVariable];
        string[] As(string signer) => ["--signing-cert", File(signer), "--signing-password-env", PasswordVariable];

        await Run("init", "--db", db, "--organization", "Test Clinic", "--pki", pki, "--pki-password-env", PasswordVariable,
            "--signer", "Compliance Officer=Kim Lee", "--signer", "Release Manager=Ray Moss");
        var checklist = _work.Write("release-4.0.md", OfficerWorkspace.Checklist);
        await Run(["import-checklist", checklist, "--db", db, "--gate", Gate, .. Admin()]);
        await Run(["trust", "add", "--db", db, "--cert", File("organisation-ca.pem"), .. Admin()]);
        await Run(["role", "grant", "--db", db, "--role", "Compliance Officer", "--cert", File("signer-compliance-officer.pem"), .. Admin()]);
        await Run(["role", "grant", "--db", db, "--role", "Release Manager", "--cert", File("signer-release-manager.pem"), .. Admin()]);
        await Run("evidence", "add", "--db", db, "--control", $"{Gate}/security.1", "--file", _work.Write("restore-drill.pdf", "restored in 14 minutes"),
            "--collected", "2026-02-01T09:00:00Z", "--collected-by", "staff-042");
        await Run(["evidence", "add", "--db", db, "--control", $"{Gate}/security.2", "--file", _work.Write("access-review.csv", "user,role,kept\n"),
            "--collected-by", "staff-007", .. As("signer-compliance-officer.pfx")]);
        var release = _work.Write("release-4.0.tar", "the release artifact");
        var blocked = await CliRun.RunAsync("gate", "--db", db, "--gate", Gate);
        await Run(["approve", "--db", db, "--gate", Gate, "--decision", "approved", "--artifact", release, "--yes", .. As("signer-compliance-officer.pfx")]);
        await Run(["approve", "--db", db, "--gate", Gate, "--decision", "approved-with-conditions", "--conditions", "Watch error rates for 48 hours.",
            "--artifact", release, "--yes", .. As("signer-release-manager.pfx")]);
        var gate = await CliRun.RunAsync("gate", "--db", db, "--gate", Gate, "--json");
        var bundle = _work.File("bundle.zip");
        await Run(["export", "--db", db, "--out", bundle, "--trust-anchor", File("organisation-ca.pem"), .. As("export-signing.pfx")]);
        var verify = await CliRun.RunAsync("verify", bundle, "--trust", File("organisation-ca.pem"), "--json");

        Assert.Equal(1, blocked.Exit);
        Assert.True(gate.Exit == 0, gate.ToString());
        Assert.True(gate.Json().GetProperty("open").GetBoolean());
        Assert.Equal(["Compliance Officer", "Release Manager"], gate.Json().GetProperty("satisfiedRoles").EnumerateArray().Select(r => r.GetString()).Order());
        Assert.True(verify.Exit == 0, verify.ToString());
        Assert.Equal(2, verify.Json().GetProperty("approvals").GetArrayLength());

        // Without ComplianceKit: unzip, OpenSSL for each approval, sha256sum for every file.
        var unpacked = _work.File("unpacked");
        ZipFile.ExtractToDirectory(bundle, unpacked);
        using var manifest = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(unpacked, "manifest.json")));
        var approvals = manifest.RootElement.GetProperty("approvals").EnumerateArray().ToList();
        Assert.Equal(2, approvals.Count);
        foreach (var approval in approvals)
        {
            var openssl = ExternalTool.Run(unpacked, "openssl", "cms", "-verify", "-binary", "-inform", "DER",
                "-in", approval.GetProperty("signature").GetString()!, "-content", approval.GetProperty("statement").GetString()!,
                "-CAfile", File("organisation-ca.pem"), "-no-CApath", "-no-CAstore", "-purpose", "any", "-out", "/dev/null");
            Assert.True(openssl.ExitCode == 0, openssl.Output);
        }

        var sums = ExternalTool.Run(unpacked, "sha256sum", "--check", "--strict", "SHA256SUMS");
        Assert.True(sums.ExitCode == 0, sums.Output);
        Assert.Equal(System.IO.File.ReadAllLines(Path.Combine(unpacked, "SHA256SUMS")).Length, sums.Output.Split('\n').Count(l => l.EndsWith(": OK", StringComparison.Ordinal)));
    }

    public void Dispose() => _work.Dispose();

    private static Task Run(params string[] args) => RunChecked(args);

    private static async Task RunChecked(string[] args)
    {
        var result = await CliRun.RunAsync(args);
        Assert.True(result.Exit == 0, $"compliancekit {string.Join(' ', args)}\n{result}");
    }
}
