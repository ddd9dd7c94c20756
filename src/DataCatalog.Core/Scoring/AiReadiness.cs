using DataCatalog.Core.Catalog;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Rules;

namespace DataCatalog.Core.Scoring;

/// <summary>How ready a dataset is for machine learning and analysis, A (best) to E, with what holds it back.</summary>
/// <param name="Points">0–100: the sum of the six criteria's points.</param>
/// <param name="Reasons">What costs points, the most points first; empty for a perfect A.</param>
public sealed record AiReadinessGrade(string Grade, double Points, IReadOnlyList<AiReadinessReason> Reasons);

/// <summary>One thing that holds a grade back and how many of the 100 points it costs.</summary>
public sealed record AiReadinessReason(string Criterion, double PointsLost, string Message);

/// <summary>Grades a dataset on six criteria: machine-readable format (15), documented metadata (15), standard names and
/// domains (15), quality score (30), personal data absent (15), update cycle kept (10). A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, else E.</summary>
public static class AiReadiness
{
    private static readonly HashSet<string> MachineReadable = new(StringComparer.OrdinalIgnoreCase) { "csv", "json", "xml", "api", "jsonld", "json-ld", "parquet", "geojson", "tsv", "rdf", "shp", "xlsx", "xls" };
    private static readonly HashSet<string> Spreadsheets = new(StringComparer.OrdinalIgnoreCase) { "xlsx", "xls" };

    public static AiReadinessGrade Grade(DatasetSnapshot snapshot, IReadOnlyList<ColumnProfile> profiles, IReadOnlyList<RuleOutcome> outcomes, ScoreCard scores)
    {
        var reasons = new List<AiReadinessReason>();

        var format = FormatOf(snapshot);
        if (format is null)
        {
            reasons.Add(new("format", 15, "No machine-readable distribution (CSV, JSON, XML or an API): publish one."));
        }
        else if (Spreadsheets.Contains(format))
        {
            reasons.Add(new("format", 5, $"Published as {format.ToUpperInvariant()}, a spreadsheet: also publish CSV or JSON."));
        }

        if (outcomes.FirstOrDefault(o => o.Kind == RuleKinds.RequiredMetadata && !o.Skipped && o.Examined > 0) is { Failing: > 0 } metadata)
        {
            reasons.Add(new("metadata", Math.Round(15d * metadata.Failing / metadata.Examined, 2), $"Metadata incomplete: {metadata.Message}"));
        }

        var standard = outcomes.Where(o => o.Kind is RuleKinds.StandardTerm or RuleKinds.DomainFormat && !o.Skipped).ToList();
        if (standard.Count > 0 && standard.Count(o => !o.Passed) is var off and > 0)
        {
            reasons.Add(new("standard", Math.Round(15d * off / standard.Count, 2), $"{off} of {standard.Count} column checks do not conform to the common standard (names, types, domains)."));
        }
        else if (standard.Count == 0 && outcomes.Any(o => o.Kind == RuleKinds.StandardTerm && o.Skipped))
        {
            reasons.Add(new("standard", 7.5, "Column names were not checked against the common standard (no dictionary): half the points are withheld."));
        }

        if (scores.Overall is { } quality && quality < 100)
        {
            reasons.Add(new("quality", Math.Round(30 * (100 - quality) / 100, 2), $"Quality score {quality:0.##} of 100."));
        }

        // An institution's published contact is open by law (STANDARDS.md §5): not held against the grade.
        var personal = profiles.Where(p => p.Pii.IsPersonal()).Select(p => $"{p.Column} ({p.Pii})").ToList();
        if (personal.Count > 0)
        {
            reasons.Add(new("personal-data", 15, $"Holds personal data in {string.Join(", ", personal)}: remove or pseudonymise before release."));
        }

        var timely = outcomes.FirstOrDefault(o => o.Kind == RuleKinds.UpdateCycle && !o.Skipped);
        if (timely is null)
        {
            reasons.Add(new("update-cycle", 5, "Whether the update cycle is kept is unknown (no declared cycle or no date of change)."));
        }
        else if (!timely.Passed)
        {
            reasons.Add(new("update-cycle", 10, timely.Message ?? "The declared update cycle is not kept."));
        }

        var ordered = reasons.OrderByDescending(r => r.PointsLost).ThenBy(r => r.Criterion, StringComparer.Ordinal).ToList();
        var points = Math.Round(100 - ordered.Sum(r => r.PointsLost), 2);
        var grade = points >= 90 ? "A" : points >= 75 ? "B" : points >= 60 ? "C" : points >= 40 ? "D" : "E";
        return new AiReadinessGrade(grade, points, ordered);
    }

    private static string? FormatOf(DatasetSnapshot snapshot)
    {
        if (snapshot.Kind is DatasetKind.Table or DatasetKind.View)
        {
            return "api";
        }

        if (snapshot.Kind == DatasetKind.File)
        {
            var extension = Path.GetExtension(snapshot.QualifiedName).TrimStart('.');
            return MachineReadable.Contains(extension) ? extension.ToLowerInvariant() : null;
        }

        var formats = snapshot.Metadata.Distributions.Select(d => d.Format?.Trim().TrimStart('.')).Where(f => f is not null && MachineReadable.Contains(f)).ToList();
        return formats.FirstOrDefault(f => !Spreadsheets.Contains(f!)) ?? formats.FirstOrDefault();
    }
}
