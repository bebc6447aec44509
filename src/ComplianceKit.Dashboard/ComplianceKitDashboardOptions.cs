using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Dashboard;

/// <summary>
/// How the dashboard is protected and what it shows. Access is denied to everyone unless the host names an
/// <see cref="AuthorizationPolicy"/> or says <see cref="AllowAnonymous"/> explicitly; mapping with neither throws.
/// </summary>
public sealed class ComplianceKitDashboardOptions
{
    /// <summary>The name of the host's authorization policy every dashboard request must satisfy (for example "ComplianceOfficers").</summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>Serves the dashboard without authorization. Only for a host that protects the path by other means; never the default.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>The chain shown; <see langword="null"/> for <c>ComplianceKitOptions.DefaultChainId</c>.</summary>
    public string? ChainId { get; set; }

    /// <summary>
    /// The organisation's trust anchors for approval signatures. Without them no approval can be verified and every gate's required
    /// roles block (the library's rule), and the bundle download is offered without trust anchors in it.
    /// </summary>
    public SignatureTrustPolicy? ApprovalTrust { get; set; }

    /// <summary>
    /// The trust anchors of the organisation's checkpoint signatures, for the anchoring section; <see langword="null"/> (the default):
    /// <see cref="ApprovalTrust"/>. With neither, no recorded checkpoint is judged and nothing is shown as anchored.
    /// </summary>
    public SignatureTrustPolicy? CheckpointTrust { get; set; }

    /// <summary>
    /// The witnesses whose co-signatures anchor a checkpoint the ledger records (docs/ANCHORING.md). Recorded checkpoints are the
    /// operator's own word, so with none pinned they are shown but anchor nothing, as in a bundle's verification. Empty by default.
    /// </summary>
    public IList<X509Certificate2> Witnesses { get; } = [];

    /// <summary>How many of <see cref="Witnesses"/> must co-sign a checkpoint for it to anchor; <see langword="null"/> (the default): all of them.</summary>
    public int? WitnessesRequired { get; set; }

    /// <summary>Signs the checkpoint of a downloaded evidence bundle; without it the download is not offered.</summary>
    public Func<IServiceProvider, ICmsSigner>? BundleSigner { get; set; }

    /// <summary>How far back break-glass and denied accesses are listed. Default 30 days.</summary>
    public Duration RecentAccessWindow { get; set; } = Duration.FromDays(30);

    /// <summary>The most break-glass or denied accesses listed, newest first. Default 50 each.</summary>
    public int MaxRecentAccesses { get; set; } = 50;
}
