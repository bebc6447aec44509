using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Anchoring;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Bundles;

/// <summary>
/// The options that give <c>verify</c> published checkpoints to hold a ledger or bundle to: <c>--checkpoints &lt;dir&gt;</c> (a sink's
/// directory), <c>--witness &lt;cert.pem&gt;</c> (repeatable) and <c>--witnesses-required N</c> (default: every witness given).
/// </summary>
internal sealed class AnchorOptions
{
    public Option<string?> Checkpoints { get; } = new("--checkpoints") { Description = "A directory of published checkpoints (a checkpoint sink): the ledger or bundle must extend every one it covers (needs --trust for the organisation's key)." };

    public Option<string[]> Witnesses { get; } = new("--witness") { Description = "A witness's certificate (PEM or DER) whose co-signatures count, beside the published checkpoints or carried in a bundle (repeatable)." };

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

        var restores = ReadRestores(folder);
        var witnesses = witnessFiles.Select(path => CertificateFile.ReadOne(path, "--witness")).ToList();
        var policy = BundleInputs.TrustPolicy(trust);
        if (tsaTrust is { Count: > 0 })
        {
            policy.TimestampAuthorityTrustAnchors.AddRange(BundleInputs.TrustPolicy(tsaTrust).TrustAnchors);
        }

        return new AnchorInputs(folder, ReadFolder(folder), restores, new CmsSignatureVerifier(policy), witnesses, required ?? witnesses.Count);
    }

    /// <summary>
    /// For a bundle: the published checkpoints (<see langword="null"/> without <c>--checkpoints</c>), the pinned witnesses and the quorum
    /// (<see langword="null"/>: all of them). Witnesses alone are allowed: they judge the co-signatures the bundle carries.
    /// </summary>
    /// <exception cref="UsageException">An unreadable directory or certificate, or a quorum outside 0 to the witnesses given.</exception>
    public (IReadOnlyList<StoredCheckpoint>? Published, List<X509Certificate2> Witnesses, int? Required) ResolveForBundle(ParseResult parse)
    {
        var folder = parse.GetValue(Checkpoints);
        var witnessFiles = parse.GetValue(Witnesses) ?? [];
        var required = parse.GetValue(Required);
        if (required is < 0 || required > witnessFiles.Length)
        {
            throw new UsageException($"--witnesses-required must be between 0 and the {witnessFiles.Length} --witness certificate(s) given.");
        }

        if (folder is not null && !Directory.Exists(folder))
        {
            throw new UsageException($"--checkpoints '{folder}' is not a directory.");
        }

        return (folder is null ? null : ReadFolder(folder), witnessFiles.Select(path => CertificateFile.ReadOne(path, "--witness")).ToList(), required);
    }

    /// <summary>Every checkpoint a sink directory holds, with the co-signatures beside each.</summary>
    /// <exception cref="UsageException">The directory cannot be read or holds a damaged checkpoint.</exception>
    public static IReadOnlyList<StoredCheckpoint> ReadFolder(string folder)
    {
        try
        {
            return DirectoryCheckpointSink.ReadAll(folder);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--checkpoints '{folder}': {ex.Message}");
        }
    }

    /// <summary>Every restore statement a sink directory holds.</summary>
    /// <exception cref="UsageException">The directory cannot be read or holds a damaged statement.</exception>
    private static IReadOnlyList<StoredRestoreStatement> ReadRestores(string folder)
    {
        try
        {
            return DirectoryCheckpointSink.ReadRestores(folder);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--checkpoints '{folder}': {ex.Message}");
        }
    }
}
