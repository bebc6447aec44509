using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace ComplianceKit.Pkcs11;

/// <summary>Finds the one slot whose module, slot and token match a <see cref="Pkcs11Uri"/>.</summary>
internal static class TokenSelection
{
    /// <exception cref="Pkcs11SignerException">No token, or several, match; the message says which attributes were compared.</exception>
    /// <exception cref="Pkcs11Exception">The module failed while listing slots.</exception>
    public static ISlot Find(Pkcs11Module module, Pkcs11Uri uri)
    {
        var library = module.Library.GetInfo();
        if (!Matches(uri.LibraryManufacturer, library.ManufacturerId) || !Matches(uri.LibraryDescription, library.LibraryDescription)
            || (uri.LibraryVersion is { } version && version != System.Version.Parse(library.LibraryVersion)))
        {
            throw new Pkcs11SignerException(Pkcs11SignerError.TokenNotFound,
                $"The PKCS #11 module '{module.Path}' is '{library.LibraryDescription.TrimEnd()}' by '{library.ManufacturerId.TrimEnd()}', version {library.LibraryVersion}, " +
                $"which the URI {uri} does not select.");
        }

        var present = new List<string>();
        var matching = new List<ISlot>();
        foreach (var slot in module.Library.GetSlotList(SlotsType.WithTokenPresent))
        {
            ISlotInfo slotInfo;
            ITokenInfo token;
            try
            {
                slotInfo = slot.GetSlotInfo();
                token = slot.GetTokenInfo();
            }
            catch (Pkcs11Exception ex)
            {
                present.Add($"slot {slot.SlotId} not answering ({ex.RV})"); // a token being removed fails here, not in the slot list
                continue;
            }

            if (!token.TokenFlags.TokenInitialized)
            {
                continue;
            }

            present.Add($"'{token.Label.TrimEnd()}' (serial {token.SerialNumber.TrimEnd()}, slot {slot.SlotId})");
            if ((uri.SlotId is null || uri.SlotId == slot.SlotId)
                && Matches(uri.SlotDescription, slotInfo.SlotDescription) && Matches(uri.SlotManufacturer, slotInfo.ManufacturerId)
                && Matches(uri.Token, token.Label) && Matches(uri.Manufacturer, token.ManufacturerId)
                && Matches(uri.Serial, token.SerialNumber) && Matches(uri.Model, token.Model))
            {
                matching.Add(slot);
            }
        }

        return matching.Count switch
        {
            1 => matching[0],
            0 => throw new Pkcs11SignerException(Pkcs11SignerError.TokenNotFound,
                $"No token in the PKCS #11 module '{module.Path}' matches {uri}; " +
                (present.Count == 0 ? "no initialised token is present (inserted? the module's configuration, e.g. SOFTHSM2_CONF?)." : $"present: {string.Join(", ", present)}.")),
            _ => throw new Pkcs11SignerException(Pkcs11SignerError.TokenAmbiguous,
                $"{matching.Count} tokens in the PKCS #11 module '{module.Path}' match {uri}; add serial= or slot-id= to choose one (present: {string.Join(", ", present)})."),
        };
    }

    // PKCS #11 pads the fixed-width info fields with blanks.
    private static bool Matches(string? wanted, string actual) => wanted is null || string.Equals(wanted, actual.TrimEnd(' ', '\0'), StringComparison.Ordinal);
}
