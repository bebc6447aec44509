using System.Security.Claims;
using ComplianceKit.Access;
using ComplianceKit.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceKit.AspNetCore.AccessTrail;

/// <summary>
/// Records the PHI accesses of one endpoint call: the record each <see cref="RecordsAccessAttribute"/> names by route value,
/// and every <see cref="IPhiRecord"/> the host's context read or wrote while the handler ran. It runs after the handler and
/// before the result is written, and waits for every acknowledgement, so no response goes out for an access that was not
/// committed to the ledger; when recording fails (the database is down, the queue full in fail mode) the request fails.
/// </summary>
/// <remarks>
/// The outcome is <see cref="AccessOutcome.Denied"/> when the handler answered 401 or 403, <see cref="AccessOutcome.BreakGlass"/>
/// when the request carries <see cref="AccessTrailOptions.BreakGlassHeader"/>, else <see cref="AccessOutcome.Allowed"/>.
/// A request refused by authorization before the endpoint never reaches the filter: nothing was accessed. A purpose-of-use
/// header that is not a short code is refused with 400 before the handler runs. Thread safe; added by <c>RecordsAccess()</c>.
/// </remarks>
public sealed partial class AccessTrailFilter : IEndpointFilter
{
    private readonly IAccessAuditLog _log;
    private readonly AccessTrailOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the filter over the registered access log.</summary>
    public AccessTrailFilter(IAccessAuditLog log, IOptions<AccessTrailOptions> options, ILogger<AccessTrailFilter> logger)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _log = log;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var purpose = http.Request.Headers[_options.PurposeOfUseHeader].FirstOrDefault() ?? _options.DefaultPurposeOfUse;
        if (purpose.Length is 0 or > PurposeOfUse.MaxLength || purpose.Any(char.IsControl))
        {
            return TypedResults.BadRequest($"The {_options.PurposeOfUseHeader} header must be a purpose-of-use code of at most {PurposeOfUse.MaxLength} characters.");
        }

        var notes = AccessTrailNotes.Of(http);
        var result = await next(context).ConfigureAwait(false);

        var accesses = Marked(http);
        accesses.AddRange(notes.Drain());
        if (accesses.Count == 0)
        {
            return result;
        }

        var denied = http.Response.StatusCode is 401 or 403 || result is ForbidHttpResult or IStatusCodeHttpResult { StatusCode: 401 or 403 };
        var breakGlass = !denied && http.Request.Headers.ContainsKey(_options.BreakGlassHeader);
        var outcome = denied ? AccessOutcome.Denied : breakGlass ? AccessOutcome.BreakGlass : AccessOutcome.Allowed;
        var user = http.User.FindFirstValue(_options.UserIdClaim) ?? "anonymous";
        var role = http.User.FindFirstValue(_options.RoleClaim) ?? "none";
        var session = http.Request.Headers[_options.SessionHeader].FirstOrDefault();
        var client = http.Connection.RemoteIpAddress?.ToString();

        // The data was read whatever the client does now: recording is not cancelled with the request.
        var receipts = await Task.WhenAll(accesses.Distinct().Select(access => _log.RecordAsync(new AccessEvent
        {
            UserId = user,
            Role = role,
            RecordReference = access.Reference,
            Action = access.Action,
            PurposeOfUse = purpose,
            Outcome = outcome,
            Client = client,
            SessionId = session,
        }, CancellationToken.None))).ConfigureAwait(false);

        if (breakGlass)
        {
            foreach (var receipt in receipts)
            {
                LogBreakGlass(_logger, receipt.ChainId, receipt.Sequence);
            }
        }

        return result;
    }

    private static List<(string Reference, AccessAction Action)> Marked(HttpContext http)
    {
        var accesses = new List<(string Reference, AccessAction Action)>();
        foreach (var marker in http.GetEndpoint()?.Metadata.GetOrderedMetadata<RecordsAccessAttribute>() ?? [])
        {
            if (http.Request.RouteValues.TryGetValue(marker.RouteValue, out var id) && Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } value)
            {
                accesses.Add(($"{marker.RecordKind}/{value}", marker.Action));
            }
        }

        return accesses;
    }

    [LoggerMessage(EventId = ComplianceKitEventIds.AccessBreakGlass, Level = LogLevel.Warning,
        Message = "Break-glass access recorded on chain '{ChainId}' at sequence {Sequence}: review it.")]
    private static partial void LogBreakGlass(ILogger logger, string chainId, long sequence);
}
