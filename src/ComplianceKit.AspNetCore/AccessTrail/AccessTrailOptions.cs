using System.Security.Claims;
using ComplianceKit.Access;

namespace ComplianceKit.AspNetCore.AccessTrail;

/// <summary>Where the access trail reads the key from, and what it reads from each request.</summary>
public sealed class AccessTrailOptions
{
    /// <summary>
    /// The configuration section with <c>PseudonymKey</c> (hex, at least 32 bytes: <c>openssl rand -hex 32</c>) and optionally
    /// <c>ChainId</c>. Default <c>ComplianceKit:Access</c>, so an environment variable <c>ComplianceKit__Access__PseudonymKey</c> or a
    /// user secret sets the key.
    /// </summary>
    public string ConfigurationSection { get; set; } = "ComplianceKit:Access";

    /// <summary>The request header naming the purpose of use (an HL7 PurposeOfUse code). Default <c>X-Purpose-Of-Use</c>.</summary>
    public string PurposeOfUseHeader { get; set; } = "X-Purpose-Of-Use";

    /// <summary>The purpose recorded when the request names none. Default <see cref="PurposeOfUse.Treatment"/>.</summary>
    public string DefaultPurposeOfUse { get; set; } = PurposeOfUse.Treatment;

    /// <summary>The request header whose presence marks an emergency (break-glass) access. Default <c>X-Break-Glass</c>.</summary>
    public string BreakGlassHeader { get; set; } = "X-Break-Glass";

    /// <summary>The request header with the user's session id, recorded when present. Default <c>X-Session-Id</c>.</summary>
    public string SessionHeader { get; set; } = "X-Session-Id";

    /// <summary>The claim holding the user id. Default <see cref="ClaimTypes.NameIdentifier"/>; <c>anonymous</c> when absent.</summary>
    public string UserIdClaim { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>The claim holding the user's role. Default <see cref="ClaimTypes.Role"/>; <c>none</c> when absent.</summary>
    public string RoleClaim { get; set; } = ClaimTypes.Role;
}
