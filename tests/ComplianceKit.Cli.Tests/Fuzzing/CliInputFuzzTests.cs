using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Fuzzing;
using ComplianceKit.Tests.Signing;
using CsCheck;

namespace ComplianceKit.Cli.Tests.Fuzzing;

/// <summary>
/// Every format the tool reads, mutated and run through the tool as a user would: bundle members (structure-aware inside
/// each JSON member, byte-level in certificates), retention policy files, markdown checklists, trust anchor and signing
/// certificates. The tool never exits 3, and never exits 0 for a bundle with a changed hashed byte.
/// Short here; the long run: COMPLIANCEKIT_FUZZ_ITERATIONS=2000 dotnet test tests/ComplianceKit.Cli.Tests --filter CliInputFuzzTests.
/// </summary>
public sealed class CliInputFuzzTests : IAsyncLifetime
{
    private const string Policy = """[{"id":"access-6y","entryTypes":["phi.*"],"period":"P6Y","basis":"recordedAt","category":"operational","timeZone":"America/New_York"}]""";

    private const string Checklist = """
        # Release 3.1 Checklist

        **Status: 95% ready for production**

        ## Security
        - [x] **Pen test**: completed by external firm
        - [ ] **Audit logging**: every PHI access logged
          - [x] API

        ## Sign-off
        Compliance Officer: ______ Date: ____
        Operations Lead: Jane Roe Date: 2026-03-01
        """;

    private ClinicWorkspace _clinic = null!;
    private string _bundle = null!;
    private int _next;

    public async Task InitializeAsync()
    {
        _clinic = await ClinicWorkspace.CreateAsync();
        _bundle = _clinic.File("clinic.zip");
        var export = await CliRun.RunAsync("export", "--db", _clinic.Database, "--out", _bundle, "--signing-cert", _clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization);
        Assert.True(export.ExitCode == 0, export.ToString());
    }

    public Task DisposeAsync()
    {
        _clinic.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task VerifyAndReport_MutatedBundleMember_NeverExitThreeNorZero()
    {
        var members = Members(await File.ReadAllBytesAsync(_bundle));
        var names = members.Keys.Order(StringComparer.Ordinal).ToArray();
        var cases = Gen.Int[0, names.Length - 1].SelectMany(n => Gen.Int[0, 1 << 16].SelectMany(line =>
            JsonMutation.Any.SelectMany(json => TextMutation.Any.Select(text => (n, line, json, text)))));

        await cases.SampleAsync(async c =>
        {
            var name = names[c.n];
            var original = members[name];
            var mutated = name.EndsWith(".json", StringComparison.Ordinal) ? c.json.Apply(original)
                : name.EndsWith(".jsonl", StringComparison.Ordinal) ? MutateLine(original, c.line, c.json)
                : c.text.Apply(original);
            if (mutated is null || mutated.AsSpan().SequenceEqual(original))
            {
                return;
            }

            var bundle = Next(".zip");
            await File.WriteAllBytesAsync(bundle, Zip(members, name, mutated));

            var verify = await CliRun.RunAsync("verify", bundle, "--trust", _clinic.CaPem);
            var report = await CliRun.RunAsync("report", bundle, "--trust", _clinic.CaPem, "--html", Next(".html"));

            Assert.True(verify.ExitCode is 1 or 2, $"{name} {c.json} {c.text}: {verify}");
            Assert.True(report.ExitCode is 1 or 2, $"{name} {c.json} {c.text}: {report}");
        }, iter: FuzzIterations.Or(40), threads: 1);
    }

    [Fact]
    public async Task RetentionPolicy_MutatedPolicyFile_NeverExitThree()
    {
        var original = Encoding.UTF8.GetBytes(Policy);

        await JsonMutation.Any.SampleAsync(async mutation =>
        {
            if (mutation.Apply(original) is not { } mutated)
            {
                return;
            }

            var file = Next(".json");
            await File.WriteAllBytesAsync(file, mutated);

            var result = await CliRun.RunAsync("retention", "policy", "--unsigned-administration", "--db", _clinic.Database, "--file", file, "--actor", "admin:ana");

            Assert.True(result.ExitCode is 0 or 1 or 2, $"{mutation}: {result}");
        }, iter: FuzzIterations.Or(40), threads: 1);
    }

    [Fact]
    public async Task ImportChecklist_MutatedChecklist_NeverExitThree()
    {
        var original = Encoding.UTF8.GetBytes(Checklist);
        var db = Next(".db");

        await TextMutation.Any.Array[1, 3].SampleAsync(async steps =>
        {
            var file = Next(".md");
            await File.WriteAllBytesAsync(file, steps.Aggregate(original, (bytes, step) => step.Apply(bytes)));

            var result = await CliRun.RunAsync("import-checklist", file, "--db", db, "--gate", "release");

            Assert.True(result.ExitCode is 0 or 1 or 2, $"{string.Join(", ", steps.AsEnumerable())}: {result}");
        }, iter: FuzzIterations.Or(40), threads: 1);
    }

    [Fact]
    public async Task VerifyAndExport_MutatedCertificateFiles_NeverExitThree()
    {
        var anchor = Encoding.ASCII.GetBytes(TestPki.Instance.Root.ExportCertificatePem() + "\n");
        var signer = TestPki.Instance.RsaSigner;
        var signing = Encoding.ASCII.GetBytes(signer.ExportCertificatePem() + "\n" + signer.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");

        await TextMutation.Any.Array[1, 2].SampleAsync(async steps =>
        {
            var trust = Next(".pem");
            var organisation = Next(".pem");
            await File.WriteAllBytesAsync(trust, steps.Aggregate(anchor, (bytes, step) => step.Apply(bytes)));
            await File.WriteAllBytesAsync(organisation, steps.Aggregate(signing, (bytes, step) => step.Apply(bytes)));

            var verify = await CliRun.RunAsync("verify", _bundle, "--trust", trust);
            var export = await CliRun.RunAsync("export", "--db", _clinic.Database, "--out", Next(".zip"), "--signing-cert", organisation,
                "--organization", ClinicWorkspace.Organization);

            Assert.True(verify.ExitCode is 0 or 1 or 2, $"{string.Join(", ", steps.AsEnumerable())}: {verify}");
            Assert.True(export.ExitCode is 0 or 1 or 2, $"{string.Join(", ", steps.AsEnumerable())}: {export}");
        }, iter: FuzzIterations.Or(25), threads: 1);
    }

    private string Next(string extension) => _clinic.File($"fuzz-{Interlocked.Increment(ref _next)}{extension}");

    private static Dictionary<string, byte[]> Members(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    private static byte[] Zip(Dictionary<string, byte[]> members, string changed, byte[] bytes)
    {
        var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, original) in members)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(name == changed ? bytes : original);
            }
        }

        return output.ToArray();
    }

    private static byte[]? MutateLine(byte[] jsonLines, int line, JsonMutation mutation)
    {
        var lines = Encoding.UTF8.GetString(jsonLines).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Encoding.UTF8.GetBytes).ToList();
        var index = line % lines.Count;
        if (mutation.Apply(lines[index]) is not { } changed)
        {
            return null;
        }

        lines[index] = changed;
        return lines.SelectMany(l => l.Append((byte)'\n')).ToArray();
    }
}
