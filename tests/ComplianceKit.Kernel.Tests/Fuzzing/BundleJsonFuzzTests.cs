using System.Security.Cryptography;
using System.Text;
using ComplianceKit.Anchoring;
using ComplianceKit.Bundles;
using ComplianceKit.Hashing;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Bundles;
using ComplianceKit.Tests.Signing;
using CsCheck;

namespace ComplianceKit.Tests.Fuzzing;

/// <summary>
/// Mutates inside every JSON member of a bundle (manifest.json, each approval statement, each line of entries.jsonl)
/// with structure-aware mutations, both as an intruder (signatures untouched) and as a dishonest exporter who signs
/// the checkpoint again so the mutated text reaches every parser. The verifier never throws (the tool's exit 3),
/// and a bundle with a changed hashed byte is never verified. Long run: COMPLIANCEKIT_FUZZ_ITERATIONS=20000.
/// </summary>
public sealed class BundleJsonFuzzTests
{
    private static readonly Lazy<Task<byte[]>> Bundle = new(async () => await (await BundleTestChain.CreateAsync(facts: 6)).BundleAsync());

    public static TheoryData<string> Members => new() { BundleFormat.ManifestFile, "approvals/*.statement.json", BundleFormat.EntriesFile };

    [Theory]
    [MemberData(nameof(Members))]
    public async Task Verify_StructureAwareMutationInsideAJsonMember_NeverThrowsAndNeverVerifiesAChangedByte(string member)
    {
        var original = await Bundle.Value;
        var members = BundleZip.Members(original);
        var names = members.Keys.Where(n => Matches(n, member)).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(names);
        var reached = 0;

        var cases = Gen.Int[0, names.Length - 1].SelectMany(n => Gen.Int[0, 1 << 16].SelectMany(line => JsonMutation.Any.SelectMany(m => Gen.Bool.Select(resign => (n, line, m, resign)))));
        await cases.SampleAsync(async c =>
        {
            var name = names[c.n];
            var mutated = Mutate(members[name], name == BundleFormat.EntriesFile ? c.line : null, c.m);
            if (mutated is null || mutated.AsSpan().SequenceEqual(members[name]))
            {
                return;
            }

            Interlocked.Increment(ref reached);
            var bundle = c.resign
                ? name == BundleFormat.ManifestFile
                    ? await ResignManifestAsync(members, mutated)
                    : await BundleZip.ResignAsync(original, (n, bytes) => n == name ? mutated : bytes)
                : BundleZip.Rewrite(original, (n, bytes) => n == name ? mutated : bytes);

            var report = await BundleVerification.VerifyAsync(bundle);

            Assert.True(Enum.IsDefined(report.Verdict), $"{name} {c.m}");
            if (!c.resign)
            {
                Assert.False(report.IsValid, $"{name} changed by {c.m} and still verified.");
                Assert.Contains(report.Findings, f => f.IsFailure);
            }
        }, iter: FuzzIterations.Or(150));

        Assert.True(reached > 0, "no mutation reached the member");
    }

    [Theory]
    [InlineData(@"""organization"": ""Test", @"""organization"": ""\ud800Test")]
    [InlineData(@"""organization"": ""Test", @"""organization"": ""\udfffTest")]
    [InlineData(@"""chainId"": ""default""", @"""chainId"": ""\ud800""")]
    [InlineData(@"""organization"": ""Test", "\"organization\": \"\u00ffTest")]
    public async Task Verify_ManifestWithALoneSurrogateOrInvalidUtf8_SignedAgain_IsAFindingNotACrash(string find, string replace)
    {
        var original = await Bundle.Value;
        var members = BundleZip.Members(original);
        var text = Encoding.Latin1.GetString(members[BundleFormat.ManifestFile]);
        Assert.Contains(find, text, StringComparison.Ordinal);
        var mutated = Encoding.Latin1.GetBytes(text.Replace(find, replace, StringComparison.Ordinal));

        var report = await BundleVerification.VerifyAsync(await ResignManifestAsync(members, mutated));

        Assert.False(report.IsValid);
        Assert.Contains(report.Findings, f => f.IsFailure && f.File == BundleFormat.ManifestFile);
    }

    private static bool Matches(string name, string pattern) =>
        pattern.Contains('*', StringComparison.Ordinal)
            ? name.StartsWith(pattern[..pattern.IndexOf('*', StringComparison.Ordinal)], StringComparison.Ordinal)
                && name.EndsWith(pattern[(pattern.IndexOf('*', StringComparison.Ordinal) + 1)..], StringComparison.Ordinal)
            : name == pattern;

    /// <summary>Mutates the whole member, or one line of a JSON-lines member.</summary>
    private static byte[]? Mutate(byte[] bytes, int? line, JsonMutation mutation)
    {
        if (line is null)
        {
            return mutation.Apply(bytes);
        }

        var lines = BundleZip.Lines(bytes).Select(Encoding.UTF8.GetBytes).ToList();
        var index = line.Value % lines.Count;
        if (mutation.Apply(lines[index]) is not { } changed)
        {
            return null;
        }

        var output = new MemoryStream();
        for (var i = 0; i < lines.Count; i++)
        {
            output.Write(i == index ? changed : lines[i]);
            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }

    /// <summary>Writes SHA256SUMS and the checkpoint again over a changed manifest and signs it with a trusted key.</summary>
    private static async Task<byte[]> ResignManifestAsync(Dictionary<string, byte[]> members, byte[] manifest)
    {
        var copy = new Dictionary<string, byte[]>(members) { [BundleFormat.ManifestFile] = manifest };
        string[] root = [BundleFormat.SumsFile, BundleFormat.CheckpointFile, BundleFormat.CheckpointSignatureFile];
        var sums = SumsFile.Write(copy.Where(m => !root.Contains(m.Key)).Select(m => new ManifestFile(m.Key, m.Value.Length, Sha256(m.Value))));
        var original = Checkpoint.Parse(members[BundleFormat.CheckpointFile]);
        var checkpoint = new Checkpoint(original.Origin, original.TreeSize, original.Root,
            [$"{BundleFormat.ManifestDigestExtension} {Sha256(manifest)}", $"{BundleFormat.SumsDigestExtension} {Sha256(sums)}"]).ToBytes();
        using var signer = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        copy[BundleFormat.SumsFile] = sums;
        copy[BundleFormat.CheckpointFile] = checkpoint;
        copy[BundleFormat.CheckpointSignatureFile] = await signer.SignDetachedAsync(checkpoint, TestPki.SigningTime);
        return BundleZip.Write(copy);
    }

    private static string Sha256(byte[] bytes) => Hex.Format(SHA256.HashData(bytes));
}
