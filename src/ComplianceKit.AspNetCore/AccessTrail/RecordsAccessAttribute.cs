using ComplianceKit.Access;

namespace ComplianceKit.AspNetCore.AccessTrail;

/// <summary>
/// Endpoint metadata: every call records an access to the record named by a route value, as <c>{RecordKind}/{value}</c>
/// (<c>patient/48213</c>). Put it on an endpoint with <c>RecordsAccess(...)</c> (minimal APIs), or as an attribute.
/// </summary>
/// <param name="recordKind">The kind of record, the reference's prefix (<c>patient</c>).</param>
/// <param name="routeValue">The route value holding the record's id (<c>id</c> for <c>/patients/{id}</c>).</param>
/// <param name="action">What the endpoint does to the record.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Delegate, AllowMultiple = true)]
public sealed class RecordsAccessAttribute(string recordKind, string routeValue = "id", AccessAction action = AccessAction.View) : Attribute
{
    /// <summary>The kind of record, the reference's prefix.</summary>
    public string RecordKind { get; } = recordKind;

    /// <summary>The route value holding the record's id.</summary>
    public string RouteValue { get; } = routeValue;

    /// <summary>What the endpoint does to the record.</summary>
    public AccessAction Action { get; } = action;
}
