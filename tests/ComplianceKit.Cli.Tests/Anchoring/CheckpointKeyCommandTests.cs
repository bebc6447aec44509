using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Approvals;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Cli.Tests.Anchoring;

/// <summary>
/// <c>checkpoint-key rotate|compromise</c> and <c>verify --db --checkpoints</c> following the chain of keys on a real SQLite ledger (FORMAT.md 13.5):
/// the new key's checkpoints verify, the old key's later ones are refused, a refused rotation writes nothing, a compromise refuses untimestamped signatures.
/// </summary>
public sealed class CheckpointKeyCommandTests
{
    [Fact]
    public async Task Rotate_ThenCheckpointsByTheNewKey_VerifyAndTheOldKeysLaterCheckpointIsRefused()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var sinks = clinic.File("sinks");
        var newKey = WritePfx(clinic, "new.pfx", TestPki.Instance.EcdsaSigner);
        await MustAsync(Checkpoint(clinic, sinks, clinic.OrganisationPfx));

        var rotate = await CliRun.RunAsync("checkpoint-key", "rotate", "--db", clinic.Database, "--trust", clinic.CaPem, "--previous-cert", clinic.OrganisationPfx, "--new-cert", newKey, "--json");
        await MustAsync(Checkpoint(clinic, sinks, newKey));
        var afterRotation = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem, "--json");
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // the rotation's second belongs to both keys; the old key's next checkpoint is strictly later
        await MustAsync(["trust", "add", "--db", clinic.Database, "--cert", clinic.CaPem, "--signing-cert", TestAdministrators.Instance.WriteFor(clinic.Database)]);
        await MustAsync(Checkpoint(clinic, sinks, clinic.OrganisationPfx));
        var withOldKey = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem, "--json");
        var text = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem);

        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.Equal(CertificateFingerprint.Of(TestPki.Instance.EcdsaSigner), rotate.Json().GetProperty("newCertificateSha256").GetString());
        Assert.True(afterRotation.ExitCode == 0, afterRotation.ToString());
        Assert.Equal(2, afterRotation.Json().GetProperty("checkpointKeys")[0].GetProperty("keys").GetArrayLength());
        Assert.True(withOldKey.ExitCode == 1, withOldKey.ToString());
        var finding = Assert.Single(withOldKey.Json().GetProperty("anchors")[0].GetProperty("findings").EnumerateArray());
        Assert.Equal("KeyRefused", finding.GetProperty("kind").GetString());
        Assert.Contains("RotatedAway", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("KeyRefused:", text.Output, StringComparison.Ordinal);
        Assert.Contains("Checkpoint keys of chain 'default':", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_NewKeyNotUnderTheTrustedCa_RefusedAndNothingWritten()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var foreign = WritePfx(clinic, "foreign.pfx", TestPki.Instance.ForeignSigner);
        var before = await EntriesAsync(clinic);

        var rotate = await CliRun.RunAsync("checkpoint-key", "rotate", "--db", clinic.Database, "--trust", clinic.CaPem, "--previous-cert", clinic.OrganisationPfx, "--new-cert", foreign, "--json");

        Assert.True(rotate.ExitCode == 1, rotate.ToString());
        Assert.Contains("is not signed by the new key", rotate.Output, StringComparison.Ordinal);
        Assert.False(rotate.Json().GetProperty("recorded").GetBoolean());
        Assert.Equal(before, await EntriesAsync(clinic));
    }

    [Fact]
    public async Task Rotate_FromAKeyNoLongerInForce_RefusedAndNothingWritten()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var newKey = WritePfx(clinic, "new.pfx", TestPki.Instance.EcdsaSigner);
        var other = WritePfx(clinic, "other.pfx", TestPki.Instance.NonRepudiationOnlySigner);
        await MustAsync("checkpoint-key", "rotate", "--db", clinic.Database, "--trust", clinic.CaPem, "--previous-cert", clinic.OrganisationPfx, "--new-cert", newKey);
        var before = await EntriesAsync(clinic);

        var again = await CliRun.RunAsync("checkpoint-key", "rotate", "--db", clinic.Database, "--trust", clinic.CaPem, "--previous-cert", clinic.OrganisationPfx, "--new-cert", other);

        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains("Refused, nothing written: The rotation", again.Output, StringComparison.Ordinal);
        Assert.Contains("the key in force is " + CertificateFingerprint.Of(TestPki.Instance.EcdsaSigner), again.Output, StringComparison.Ordinal);
        Assert.Equal(before, await EntriesAsync(clinic));
    }

    [Fact]
    public async Task Compromise_RecordedByAnAdministrator_RefusesTheKeysUntimestampedCheckpoints()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var sinks = clinic.File("sinks");
        await MustAsync(Checkpoint(clinic, sinks, clinic.OrganisationPfx));
        var before = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem);
        var fingerprint = CertificateFingerprint.Of(TestPki.Instance.RsaSigner);

        var compromise = await CliRun.RunAsync("checkpoint-key", "compromise", "--db", clinic.Database, "--sha256", fingerprint, "--from", "2026-01-01T00:00:00Z",
            "--reason", "HSM backup tape lost", "--signing-cert", TestAdministrators.Instance.WriteFor(clinic.Database), "--json");
        var after = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem, "--json");

        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.True(compromise.ExitCode == 0, compromise.ToString());
        Assert.Equal("checkpoint.key.compromised", compromise.Json().GetProperty("entryType").GetString());
        Assert.True(after.ExitCode == 1, after.ToString());
        var finding = Assert.Single(after.Json().GetProperty("anchors")[0].GetProperty("findings").EnumerateArray());
        Assert.Equal("KeyRefused", finding.GetProperty("kind").GetString());
        Assert.Contains("Compromised", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("no trusted timestamp", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compromise_SignedByANonAdministrator_RefusedAndNothingWritten()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        TestAdministrators.Instance.WriteFor(clinic.Database);
        var before = await EntriesAsync(clinic);

        var compromise = await CliRun.RunAsync("checkpoint-key", "compromise", "--db", clinic.Database, "--sha256", CertificateFingerprint.Of(TestPki.Instance.RsaSigner),
            "--from", "2026-01-01T00:00:00Z", "--reason", "lost", "--signing-cert", clinic.OrganisationPfx, "--json");

        Assert.True(compromise.ExitCode == 1, compromise.ToString());
        Assert.False(compromise.Json().GetProperty("recorded").GetBoolean());
        Assert.Equal(before, await EntriesAsync(clinic));
    }

    [Theory]
    [InlineData("--sha256", "abc")]
    [InlineData("--from", "yesterday")]
    public async Task Compromise_BadArguments_AreUsageErrors(string option, string value)
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var arguments = new Dictionary<string, string> { ["--sha256"] = CertificateFingerprint.Of(TestPki.Instance.RsaSigner), ["--from"] = "2026-01-01T00:00:00Z" };
        arguments[option] = value;

        var result = await CliRun.RunAsync("checkpoint-key", "compromise", "--db", clinic.Database, "--sha256", arguments["--sha256"], "--from", arguments["--from"],
            "--reason", "lost", "--signing-cert", TestAdministrators.Instance.WriteFor(clinic.Database));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }

    private static string[] Checkpoint(ClinicWorkspace clinic, string sinks, string pfx) =>
        ["checkpoint", "--db", clinic.Database, "--sink", sinks, "--signing-cert", pfx, "--organization", ClinicWorkspace.Organization];

    private static string WritePfx(ClinicWorkspace clinic, string name, X509Certificate2 certificate)
    {
        var path = clinic.File(name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
        return path;
    }

    private static async Task<long> EntriesAsync(ClinicWorkspace clinic)
    {
        var verify = await MustAsync("verify", "--db", clinic.Database, "--json");
        return verify.Json().GetProperty("chains")[0].GetProperty("entries").GetInt64();
    }

    private static async Task<CliResult> MustAsync(params string[] args)
    {
        var result = await CliRun.RunAsync(args);
        Assert.True(result.ExitCode == 0, string.Join(' ', args) + "\n" + result);
        return result;
    }
}
