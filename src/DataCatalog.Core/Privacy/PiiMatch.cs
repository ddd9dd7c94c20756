namespace DataCatalog.Core.Privacy;

/// <summary>The personal-data class one value matched, and whether its check digit confirmed it.</summary>
/// <param name="Verified">False only for a registration-number shape whose birth date is valid but whose check digit
/// fails: numbers issued since October 2020 have random tails, so such a value is unverified, not "not personal".</param>
public readonly record struct PiiMatch(PiiClass Class, bool Verified)
{
    public static PiiMatch None { get; } = new(PiiClass.None, false);
}
