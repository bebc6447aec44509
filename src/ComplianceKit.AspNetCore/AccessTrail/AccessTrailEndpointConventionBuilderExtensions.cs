using ComplianceKit.Access;
using ComplianceKit.AspNetCore.AccessTrail;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Marks endpoints whose calls are recorded in the PHI access trail.</summary>
public static class AccessTrailEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Records every call of these endpoints: an access to <c>{recordKind}/{route value}</c> with <paramref name="action"/>, plus every
    /// <see cref="IPhiRecord"/> the host's context read or wrote in the handler (<see cref="AccessTrailFilter"/>). On a route group
    /// it covers every endpoint of the group. Needs <c>AddAccessTrail&lt;TContext&gt;()</c>.
    /// </summary>
    /// <param name="builder">An endpoint, or a group of them (minimal APIs).</param>
    /// <param name="recordKind">The kind of record (<c>patient</c>); <see langword="null"/> to record only what the context touched.</param>
    /// <param name="routeValue">The route value holding the record's id.</param>
    /// <param name="action">What the endpoint does to the record.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder RecordsAccess<TBuilder>(this TBuilder builder, string? recordKind = null, string routeValue = "id", AccessAction action = AccessAction.View)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (recordKind is not null)
        {
            builder.WithMetadata(new RecordsAccessAttribute(recordKind, routeValue, action));
        }

        return builder.AddEndpointFilter<TBuilder, AccessTrailFilter>();
    }
}
