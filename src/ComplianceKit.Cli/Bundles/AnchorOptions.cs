using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Anchoring;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Bundles;

/// <summary>
/// The options that give <c>verify</c> published checkpoints to hold a ledger or bundle to: <c>--checkpoints &lt;dir&gt;</c> (a sink's
/// directory), <c>--witness &lt;cert.pem&gt;</c> (repeatable) and <c>--witnesses-required N</c> (default: every witness given).
/// </summary>
internal sealed class AnchorOptions
{
    public Option<string?> Checkpoints { get; } = new("--checkpoints") { Description = "A directory of published checkpoints (a checkpoint sink): the ledger must extend every one (needs --trust for the organisation's key)." };

    public Option<string[]> Witnesses { get; } = new("--witness") { Description = "A witness's certificate (PEM) whose co-signatures count (repeatable)." };

    public Option<int?> Required { get; } = new("--witnesses-required") { Description = "How many of the --witness certificates must co-sign a checkpoint for it to anchor (default: all of them)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Checkpoints);
        command.Options.Add(Witnesses);
        command.Options.Add(Required);
    }

    /// <summary>The anchors to check, or <see langword="null"/> when no <c>--checkpoints</c> was given.</summary>
    /// <exception cref="UsageException">Witness options without --checkpoints, no --trust, an unreadable directory or certificate, or a quorum above the witnesses.</exception>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="trust">The CA files the organisation's checkpoint key must chain to.</param>
    /// <param name="tsaTrust">Time-stamping roots: a checkpoint signature's token is then checked and its time used (the chain of keys judges compromise by it).</param>
    public AnchorInputs? Resolve(ParseResult parse, IReadOnlyList<string> trust, IReadOnlyList<string>? tsaTrust = null)
    {
        var folder = parse.GetValue(Checkpoints);
        var witnessFiles = parse.GetValue(Witnesses) ?? [];
        var required = parse.GetValue(Required);
        if (folder is null)
        {
            return witnessFiles.Length > 0 || required is not null
                ? throw new UsageException("--witness and --witnesses-required go with --checkpoints <dir>.")
                : null;
        }

        if (trust.Count == 0)
        {
            throw new UsageException("--checkpoints needs --trust <ca.pem>: the CA certificates you trust for the organisation's checkpoint key.");
        }

        if (!Directory.Exists(folder))
        {
            throw new UsageException($"--checkpoints '{folder}' is not a directory.");
        }

        if (required is < 0 || required > witnessFiles.Length)
        {
            throw new UsageException($"--witnesses-required must be between 0 and the {witnessFiles.Length} --witness certificate(s) given.");
        }

        IReadOnlyList<StoredCheckpoint> stored;
        IReadOnlyList<StoredRestoreStatement> restores;
        try
        {
            stored = DirectoryCheckpointSink.ReadAll(folder);
            restores = DirectoryCheckpointSink.ReadRestores(folder);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--checkpoints '{folder}': {ex.Message}");
        }

        var witnesses = witnessFiles.Select(ReadCertificate).ToList();
        var policy = BundleInputs.TrustPolicy(trust);
        if (tsaTrust is { Count: > 0 })
        {
            policy.TimestampAuthorityTrustAnchors.AddRange(BundleInputs.TrustPolicy(tsaTrust).TrustAnchors);
        }

        return new AnchorInputs(folder, stored, restores, new CmsSignatureVerifier(policy), witnesses, required ?? witnesses.Count);
    }

    private static X509Certificate2 ReadCertificate(string path)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new UsageException($"--witness '{path}' is not a readable PEM certificate: {ex.Message}");
        }
    }
}
