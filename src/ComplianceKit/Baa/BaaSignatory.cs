namespace ComplianceKit.Baa;

/// <summary>A person who signed an agreement.</summary>
/// <param name="Name">The signer's name as printed on the agreement.</param>
/// <param name="Title">The signer's title, for example <c>Chief Executive Officer</c>.</param>
/// <param name="Organization">The party the signer signed for.</param>
public sealed record BaaSignatory(string Name, string Title, string Organization);
