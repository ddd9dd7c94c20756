namespace DataCatalog.Core.Privacy;

/// <summary>Why a column was given its personal-data class: the name's cue, how many values matched, check digits.</summary>
/// <param name="NameCue">The word of the column name that hinted a class or a person (<c>연락처</c>, <c>담당자</c>), if any.</param>
/// <param name="Examined">Non-blank values looked at.</param>
/// <param name="Matching">Values that matched the class decided.</param>
/// <param name="CheckDigitsVerified">Of <paramref name="Matching"/>, values whose check digit held (registration and business numbers).</param>
/// <param name="TextGuarded">Values written with Excel's text guard (a leading backtick or apostrophe).</param>
/// <param name="Decision">The decision in words, with the threshold that applied.</param>
public sealed record PiiEvidence(string? NameCue, long Examined, long Matching, long CheckDigitsVerified, long TextGuarded, string Decision)
{
    /// <summary>Share of examined values that matched, 0..1.</summary>
    public double Share => Examined == 0 ? 0 : (double)Matching / Examined;
}
