using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;

namespace ComplianceKit.Administration;

/// <summary>
/// Whom a ledger's administrative entries must come from: administrators whose certificates chain to the organisation's
/// administration root, pinned when the ledger was created and kept outside the database (a PEM file or configuration
/// the host provides). The weaker mode, <see cref="UnsignedAllowed"/>, is for ledgers made before signed administration:
/// it counts unsigned administrative entries, so anyone who can append can administer. Immutable and thread-safe.
/// </summary>
public sealed class AdministrationTrust
{
    private AdministrationTrust(IReadOnlyList<X509Certificate2> roots, bool allowsUnsigned)
    {
        Roots = roots;
        AllowsUnsigned = allowsUnsigned;
        Verifier = roots.Count == 0 ? null : new CmsSignatureVerifier(new SignatureTrustPolicy(roots));
    }

    /// <summary>The pinned administration roots (empty only in the unsigned mode without a pin).</summary>
    public IReadOnlyList<X509Certificate2> Roots { get; }

    /// <summary>Whether unsigned administrative entries count (the weaker mode for older ledgers).</summary>
    public bool AllowsUnsigned { get; }

    /// <summary>The verifier of administrators' signatures, or <see langword="null"/> when no root is pinned.</summary>
    public CmsSignatureVerifier? Verifier { get; }

    /// <summary>Signed administration: only entries an administrator under <paramref name="roots"/> signed count.</summary>
    /// <exception cref="ArgumentException">No root is given.</exception>
    public static AdministrationTrust Pinned(IEnumerable<X509Certificate2> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var list = roots.ToList();
        return list.Count == 0
            ? throw new ArgumentException("Signed administration needs at least one pinned administration root.", nameof(roots))
            : new AdministrationTrust(list, allowsUnsigned: false);
    }

    /// <summary>Signed administration from the PEM text of the pinned root(s).</summary>
    /// <exception cref="ArgumentException">The text holds no PEM certificate.</exception>
    public static AdministrationTrust FromPem(string pem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"The administration root is not PEM: {ex.Message}", nameof(pem), ex);
        }

        return collection.Count == 0
            ? throw new ArgumentException("The administration root holds no PEM certificate.", nameof(pem))
            : Pinned(collection);
    }

    /// <summary>
    /// The weaker mode, for ledgers made before signed administration: unsigned administrative entries count as they
    /// always did. Signed entries are still checked when <paramref name="roots"/> are given (and counted unchecked when not).
    /// </summary>
    public static AdministrationTrust UnsignedAllowed(IEnumerable<X509Certificate2>? roots = null) =>
        new((roots ?? []).ToList(), allowsUnsigned: true);

    /// <summary>
    /// The trust the host configured: <see cref="ComplianceKitOptions.AdministrationRootPem"/>, with
    /// <see cref="ComplianceKitOptions.AllowUnsignedAdministration"/> for the weaker mode.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither a pinned root nor the unsigned mode is configured.</exception>
    public static AdministrationTrust FromOptions(ComplianceKitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.AllowUnsignedAdministration)
        {
            return options.AdministrationRootPem is { Length: > 0 } pem ? UnsignedAllowed(FromPem(pem).Roots) : UnsignedAllowed();
        }

        return options.AdministrationRootPem is { Length: > 0 } pinned
            ? FromPem(pinned)
            : throw new InvalidOperationException(
                "No administration root is pinned: set ComplianceKitOptions.AdministrationRootPem (the PEM `init` wrote next to the ledger), " +
                "or AllowUnsignedAdministration for a ledger made before signed administration (the weaker mode).");
    }
}
