using System.Globalization;
using System.Text.RegularExpressions;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Scoring;
using DataCatalog.Core.Standards;

namespace DataCatalog.Core.Rules;

/// <summary>Evaluates a rule set against one dataset's metadata, columns, profiles and probe results. Pure.</summary>
/// <remarks>Where a rule needs every row and a probe measured it at the source, the probe's counts are used; otherwise
/// the stored profile answers: exactly when the profile's min/max or its complete list of values suffice, else over the
/// profile's most frequent values, and the evidence says the count is a lower bound.</remarks>
public static class RuleEngine
{
    private const int MaxExamples = 5;

    /// <summary>Column names that hold a latitude or a longitude when the profile did not infer it.</summary>
    private static readonly string[] LatitudeNames = ["위도", "lat", "latitude", "la", "y_crdnt", "ycrdnt"];
    private static readonly string[] LongitudeNames = ["경도", "lon", "lng", "longitude", "lo", "lot", "x_crdnt", "xcrdnt"];

    /// <summary>The portal's required metadata fields (STANDARDS.md §4).</summary>
    public static IReadOnlyList<string> PortalFields { get; } = ["title", "description", "publisher", "updateCycle", "licence", "keywords", "contactPoint"];

    /// <summary>Every rule of <paramref name="ruleSet"/> whose target selects the dataset, on each selected column.</summary>
    public static IReadOnlyList<RuleOutcome> Evaluate(RuleSet ruleSet, DatasetRuleInput input, RuleContext context)
    {
        var outcomes = new List<RuleOutcome>();
        var checks = new Dictionary<string, StandardTermCheck?>(StringComparer.Ordinal);
        foreach (var rule in ruleSet.Rules)
        {
            if (!SelectsDataset(rule.Target.Datasets, input))
            {
                continue;
            }

            var kind = RuleKinds.All[rule.Kind];
            if (!kind.PerColumn)
            {
                outcomes.Add(Finish(rule, EvaluateDataset(rule, input, context)));
                continue;
            }

            foreach (var column in input.Snapshot.Columns)
            {
                var profile = input.Profiles.FirstOrDefault(p => p.Column == column.Name);
                if (!SelectsColumn(rule.Target.Columns, column, profile, () => Check(checks, context.Checker, column, profile)))
                {
                    continue;
                }

                var outcome = EvaluateColumn(rule, input, column, profile, context, () => Check(checks, context.Checker, column, profile));
                if (outcome is not null)
                {
                    outcomes.Add(Finish(rule, outcome));
                }
            }
        }

        return outcomes;
    }

    /// <summary>The rules of <paramref name="ruleSet"/> that apply to the dataset, each with the column it judges (null for a dataset rule):
    /// what a row probe must count.</summary>
    public static IEnumerable<(RuleDefinition Rule, ColumnSnapshot? Column)> Targets(RuleSet ruleSet, DatasetRuleInput input, RuleContext context)
    {
        var checks = new Dictionary<string, StandardTermCheck?>(StringComparer.Ordinal);
        foreach (var rule in ruleSet.Rules.Where(r => SelectsDataset(r.Target.Datasets, input)))
        {
            if (!RuleKinds.All[rule.Kind].PerColumn)
            {
                yield return (rule, null);
                continue;
            }

            foreach (var column in input.Snapshot.Columns)
            {
                var profile = input.Profiles.FirstOrDefault(p => p.Column == column.Name);
                if (SelectsColumn(rule.Target.Columns, column, profile, () => Check(checks, context.Checker, column, profile)))
                {
                    yield return (rule, column);
                }
            }
        }
    }

    /// <summary>What the standard checker is given for a column.</summary>
    public static StandardColumnInput ToStandardInput(ColumnSnapshot column, ColumnProfile? profile)
    {
        var (length, scale) = LengthOf(column.DataType);
        return new StandardColumnInput(column.Name, column.Description, column.DataType, length, scale,
            profile?.InferredType.ToString(), profile?.Patterns.FirstOrDefault()?.Value);
    }

    private static StandardTermCheck? Check(Dictionary<string, StandardTermCheck?> cache, IStandardTermChecker? checker, ColumnSnapshot column, ColumnProfile? profile)
    {
        if (checker is null)
        {
            return null;
        }

        if (!cache.TryGetValue(column.Name, out var check))
        {
            cache[column.Name] = check = checker.Check(ToStandardInput(column, profile));
        }

        return check;
    }

    private static bool SelectsDataset(DatasetSelector selector, DatasetRuleInput input) =>
        Glob.AnyMatch(selector.Sources, input.SourceId)
        && (selector.Kinds.Count == 0 || selector.Kinds.Any(k => Normalise(k) == Normalise(input.Snapshot.Kind.ToString())))
        && Glob.AnyMatch(selector.Names, input.Snapshot.QualifiedName);

    private static bool SelectsColumn(ColumnSelector selector, ColumnSnapshot column, ColumnProfile? profile, Func<StandardTermCheck?> check) =>
        Glob.AnyMatch(selector.Names, column.Name)
        && (selector.SemanticTypes.Count == 0 || (profile is not null && selector.SemanticTypes.Any(s => Normalise(s) == Normalise(profile.Semantic.ToString()))))
        && (selector.InferredTypes.Count == 0 || (profile is not null && selector.InferredTypes.Any(s => Normalise(s) == Normalise(profile.InferredType.ToString()))))
        && (selector.Pii.Count == 0 || (profile is not null && selector.Pii.Any(s => Normalise(s) == Normalise(profile.Pii.ToString()))))
        && (selector.StandardTerms.Count == 0 || (check() is { MatchedTerm: { } term } && selector.StandardTerms.Contains(term, StringComparer.Ordinal)));

    private static string Normalise(string name) => name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static RuleOutcome Finish(RuleDefinition rule, RuleOutcome outcome)
    {
        if (outcome.Skipped)
        {
            return outcome with { Kind = rule.Kind, Severity = rule.Severity, Weight = rule.Weight };
        }

        // Timeliness measures days, not a share: its pass/fail is decided where it is computed.
        var share = outcome.Examined == 0 ? 1d : (double)(outcome.Examined - outcome.Failing) / outcome.Examined;
        var decided = rule.Kind == RuleKinds.UpdateCycle;
        var passed = decided ? outcome.Passed : share >= rule.Threshold.Error;
        var warned = passed && !decided && rule.Threshold.Warn is { } warn && share < warn;
        var sampled = outcome.Sampled ? " Computed on a sample of the rows." : "";
        var partial = outcome.Exhaustive ? "" : " Only the profile's most frequent values were examined, so failing is a lower bound.";
        return outcome with
        {
            Passed = passed,
            Warned = warned,
            Measured = decided ? outcome.Measured : Math.Round(share, 6),
            Threshold = decided ? outcome.Threshold : rule.Threshold.Error,
            Kind = rule.Kind,
            Severity = rule.Severity,
            Weight = rule.Weight,
            Message = outcome.Message + sampled + partial,
        };
    }

    private static RuleOutcome Outcome(RuleDefinition rule, string? column, long examined, long failing, string message, IReadOnlyList<string>? examples = null, bool sampled = false, bool exhaustive = true) =>
        new(rule.Id, rule.Dimension, column, failing == 0, 0, 0, examined, failing, message)
        {
            Examples = examples ?? [],
            Sampled = sampled,
            Exhaustive = exhaustive,
        };

    private static RuleOutcome Skip(RuleDefinition rule, string? column, string reason) =>
        new(rule.Id, rule.Dimension, column, false, 0, 0, 0, 0, "Not evaluated: " + reason) { SkippedReason = reason };

    private static RuleOutcome? EvaluateColumn(RuleDefinition rule, DatasetRuleInput input, ColumnSnapshot column, ColumnProfile? profile, RuleContext context, Func<StandardTermCheck?> check)
    {
        if (input.Probes.FirstOrDefault(p => p.RuleId == rule.Id && p.Column == column.Name) is { } probe)
        {
            return Outcome(rule, column.Name, probe.Examined, probe.Failing,
                $"{probe.Failing} of {probe.Examined} rows fail, counted over every row at the source.", probe.Examples, probe.Sampled);
        }

        switch (rule.Kind)
        {
            case RuleKinds.StandardTerm:
                return StandardTerm(rule, column, check);
            case RuleKinds.DomainFormat:
                return DomainFormat(rule, column, check);
            case RuleKinds.ForeignKey when column.References is null:
                return null;
            case RuleKinds.ForeignKey:
                return Skip(rule, column.Name, $"whether every {column.Name} resolves to {column.References} needs the rows; it is counted by push-down SQL on PostgreSQL sources only.");
        }

        if (profile is null)
        {
            return Skip(rule, column.Name, "the column has no profile (the source does not expose its values).");
        }

        var nonBlank = profile.Rows - profile.Nulls - profile.Empty;
        return rule.Kind switch
        {
            RuleKinds.NotNull => Outcome(rule, column.Name, profile.Rows, profile.Nulls + profile.Empty,
                $"{profile.Nulls + profile.Empty} of {profile.Rows} values are blank.", sampled: profile.Sampled),
            RuleKinds.Pattern => Values(rule, column, profile, ValuePredicate(rule)),
            RuleKinds.AcceptedValues => Values(rule, column, profile, AcceptedPredicate(rule)),
            // A column typed date or timestamp cannot hold a day that does not exist; the text layout does not apply to it.
            RuleKinds.CalendarDate when IsTemporal(column.DataType) => Outcome(rule, column.Name, nonBlank, 0,
                $"A {column.DataType} column: every value is a calendar day.", sampled: profile.Sampled),
            RuleKinds.CalendarDate => Values(rule, column, profile, v => DateText.IsCalendarValid(v, rule.Parameters.Format ?? "YYYYMMDD")),
            RuleKinds.CheckDigit => Values(rule, column, profile, string.Equals(rule.Parameters.Scheme, "resident", StringComparison.OrdinalIgnoreCase) ? CheckDigits.Resident : CheckDigits.Business),
            RuleKinds.Range => RangeOf(rule, column, profile),
            RuleKinds.Unique => profile.DistinctIsEstimate
                ? Skip(rule, column.Name, "the profile's distinct count is an estimate (HyperLogLog); duplicates need an exact count.")
                : Outcome(rule, column.Name, nonBlank, nonBlank - profile.Distinct,
                    $"{nonBlank - profile.Distinct} of {nonBlank} non-blank values repeat an earlier value ({profile.Distinct} distinct).", sampled: profile.Sampled),
            RuleKinds.SameCodeSameValues => SameCode(rule, input, column, profile, context),
            _ => throw new InvalidOperationException($"Rule '{rule.Id}': kind '{rule.Kind}' is not a column rule."),
        };
    }

    private static Func<string, bool> ValuePredicate(RuleDefinition rule)
    {
        var regex = new Regex("^(?:" + rule.Parameters.Pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return regex.IsMatch;
    }

    private static Func<string, bool> AcceptedPredicate(RuleDefinition rule)
    {
        var accepted = rule.Parameters.Values.ToHashSet(StringComparer.Ordinal);
        return accepted.Contains;
    }

    // Judges the profile's top values; exact when they cover every non-blank row of an unsampled profile.
    private static RuleOutcome Values(RuleDefinition rule, ColumnSnapshot column, ColumnProfile profile, Func<string, bool> valid)
    {
        if (profile.Pii.IsPersonal())
        {
            return Skip(rule, column.Name, "the column holds personal data, so its profile keeps only masked values; the rule needs the rows (push-down SQL).");
        }

        var nonBlank = profile.Rows - profile.Nulls - profile.Empty;
        long examined = 0;
        long failing = 0;
        var examples = new List<string>();
        foreach (var value in profile.TopValues)
        {
            examined += value.Count;
            if (!valid(value.Value.Trim()))
            {
                failing += value.Count;
                if (examples.Count < MaxExamples)
                {
                    examples.Add(Masking.Mask(value.Value, profile.Pii));
                }
            }
        }

        var exhaustive = examined >= nonBlank;
        var message = exhaustive
            ? $"{failing} of {examined} values fail."
            : $"{failing} of {examined} values fail, among the {profile.TopValues.Count} most frequent values covering {examined} of {nonBlank} non-blank rows.";
        return Outcome(rule, column.Name, examined, failing, message, examples, profile.Sampled, exhaustive);
    }

    private static RuleOutcome RangeOf(RuleDefinition rule, ColumnSnapshot column, ColumnProfile profile)
    {
        var (low, high) = (rule.Parameters.Min, rule.Parameters.Max);
        var nonBlank = profile.Rows - profile.Nulls - profile.Empty;
        if (Compare(profile.Min, low) >= 0 && Compare(high, profile.Max) >= 0)
        {
            return Outcome(rule, column.Name, nonBlank, 0, $"Every value lies in [{low ?? "-∞"}, {high ?? "∞"}] (min {profile.Min}, max {profile.Max}).", sampled: profile.Sampled);
        }

        var outcome = Values(rule, column, profile, v => Compare(v, low) >= 0 && Compare(high, v) >= 0);
        if (outcome.Skipped)
        {
            return outcome;
        }

        // The min or max is out of range, so at least one row fails even when it is not among the top values.
        var failing = Math.Max(outcome.Failing, 1);
        var examined = outcome.Exhaustive ? outcome.Examined : Math.Max(outcome.Examined, nonBlank);
        return outcome with
        {
            Examined = examined,
            Failing = failing,
            Message = $"{failing} of {examined} values lie outside [{low ?? "-∞"}, {high ?? "∞"}] (min {profile.Min}, max {profile.Max}).",
        };
    }

    // Numbers compare numerically, everything else ordinally (ISO dates sort as text); a missing bound never fails.
    private static int Compare(string? value, string? bound)
    {
        if (value is null || bound is null)
        {
            return 0;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && double.TryParse(bound, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            ? a.CompareTo(b)
            : string.CompareOrdinal(value, bound);
    }

    private static RuleOutcome SameCode(RuleDefinition rule, DatasetRuleInput input, ColumnSnapshot column, ColumnProfile profile, RuleContext context)
    {
        if (context.Codes is null || profile.TopValues.Count == 0 || profile.Pii.IsPersonal())
        {
            return Skip(rule, column.Name, "no values of other datasets to compare with.");
        }

        var mine = profile.TopValues.Select(v => v.Value.Trim()).ToHashSet(StringComparer.Ordinal);
        var others = context.Codes.Others(input.Snapshot.QualifiedName, column.Name).ToList();
        var disjoint = others.Where(o => !o.Values.Overlaps(mine)).Select(o => o.Dataset).ToList();
        return Outcome(rule, column.Name, others.Count, disjoint.Count,
            others.Count == 0
                ? "No other dataset has a column of this name."
                : $"{disjoint.Count} of {others.Count} other datasets with a column '{column.Name}' share none of its values{(disjoint.Count > 0 ? ": " + string.Join(", ", disjoint) : "")}.",
            disjoint.Take(MaxExamples).ToList());
    }

    private static RuleOutcome StandardTerm(RuleDefinition rule, ColumnSnapshot column, Func<StandardTermCheck?> check)
    {
        if (check() is not { } result)
        {
            return Skip(rule, column.Name, "no standard dictionary checker is registered (import the common standard with 'rules standards import').");
        }

        var conformant = result.Conformance == StandardConformance.Conformant;
        var message = conformant
            ? $"Conforms to the standard term {result.MatchedTerm} ({result.MatchedAbbreviation}, {result.DomainName})."
            : $"{result.Conformance}: {string.Join("; ", result.Problems)}"
              + (result.Suggestions.Count > 0 ? $" Rename to {string.Join(" or ", result.Suggestions.Take(3).Select(s => $"{s.Term} ({s.Abbreviation})"))}." : "");
        return Outcome(rule, column.Name, 1, conformant ? 0 : 1, message);
    }

    private static RuleOutcome? DomainFormat(RuleDefinition rule, ColumnSnapshot column, Func<StandardTermCheck?> check)
    {
        if (check() is not { } result)
        {
            return Skip(rule, column.Name, "no standard dictionary checker is registered, so the column's domain is unknown.");
        }

        // Only a column that matched a term has a domain to be measured against.
        return result.Conformance switch
        {
            StandardConformance.Conformant => Outcome(rule, column.Name, 1, 0, $"Type and format agree with the domain {result.DomainName} ({result.ExpectedType})."),
            StandardConformance.DomainMismatch => Outcome(rule, column.Name, 1, 1,
                $"The name matches {result.MatchedTerm} but {string.Join("; ", result.Problems)}; expected {result.ExpectedType} ({result.DomainName})."),
            _ => null,
        };
    }

    private static RuleOutcome EvaluateDataset(RuleDefinition rule, DatasetRuleInput input, RuleContext context)
    {
        if (input.Probes.FirstOrDefault(p => p.RuleId == rule.Id && p.Column is null) is { } probe)
        {
            return Outcome(rule, null, probe.Examined, probe.Failing,
                $"{probe.Failing} of {probe.Examined} rows fail, counted over every row at the source.", probe.Examples, probe.Sampled);
        }

        return rule.Kind switch
        {
            RuleKinds.RequiredMetadata => RequiredMetadata(rule, input),
            RuleKinds.PrimaryKey => PrimaryKey(rule, input),
            RuleKinds.ColumnOrder => ColumnOrder(rule, input),
            RuleKinds.UpdateCycle => Timeliness(rule, input, context),
            RuleKinds.Coordinates => Coordinates(rule, input, context),
            _ => throw new InvalidOperationException($"Rule '{rule.Id}': kind '{rule.Kind}' is not a dataset rule."),
        };
    }

    private static RuleOutcome RequiredMetadata(RuleDefinition rule, DatasetRuleInput input)
    {
        var fields = rule.Parameters.Fields.Count > 0 ? rule.Parameters.Fields : PortalFields;
        var m = input.Snapshot.Metadata;
        // One judgement of the portal's fields for the whole catalog: the rule only chooses which fields count.
        var verdicts = MetadataCompleteness.Check(new DatasetMetadataInput(
            m.Title, m.Description, m.Publisher ?? m.Owner, input.Department, m.UpdateCycle, m.Licence, m.Keywords, m.ContactPoint,
            input.Snapshot.QualifiedName)).ToDictionary(r => r.Field);
        string? Fails(MetadataField field) => verdicts[field].Passed ? null : verdicts[field].Reason;
        var missing = new List<string>();
        foreach (var field in fields)
        {
            var problem = field switch
            {
                "title" => Fails(MetadataField.Title),
                "description" => Fails(MetadataField.Description),
                "publisher" => Fails(MetadataField.Publisher),
                "updateCycle" => Fails(MetadataField.UpdateCycle)
                    ?? (UpdateCycle.MaxAge(m.UpdateCycle) is null ? $"update cycle '{m.UpdateCycle}' not understood (use 일/주/월/분기/반기/년/실시간/수시)" : null),
                "licence" => Fails(MetadataField.Licence),
                "keywords" => Fails(MetadataField.Keywords),
                "contactPoint" => Fails(MetadataField.Contact),
                "theme" => string.IsNullOrWhiteSpace(m.Theme) ? "no theme; fill it in" : null,
                _ => null,
            };
            if (problem is not null)
            {
                missing.Add(problem);
            }
        }

        return Outcome(rule, null, fields.Count, missing.Count,
            missing.Count == 0 ? $"All {fields.Count} required metadata fields are present." : $"{missing.Count} of {fields.Count} required metadata fields fail: {string.Join("; ", missing)}.",
            missing);
    }

    private static RuleOutcome PrimaryKey(RuleDefinition rule, DatasetRuleInput input)
    {
        if (input.Snapshot.Kind != DatasetKind.Table)
        {
            return Skip(rule, null, $"a {input.Snapshot.Kind} has no declared keys.");
        }

        var keys = input.Snapshot.Columns.Where(c => c.IsPrimaryKey).Select(c => c.Name).ToList();
        if (keys.Count == 0)
        {
            return Outcome(rule, null, 1, 1, "The table declares no primary key.");
        }

        // A one-column key with an exact profile can be checked for repeats too (a sampled copy of a table may lack the constraint).
        if (keys.Count == 1 && input.Profiles.FirstOrDefault(p => p.Column == keys[0]) is { DistinctIsEstimate: false } key)
        {
            var duplicates = key.Rows - key.Nulls - key.Empty - key.Distinct;
            return Outcome(rule, keys[0], key.Rows, duplicates, $"Primary key ({keys[0]}): {duplicates} of {key.Rows} rows repeat a key.", sampled: key.Sampled);
        }

        return Outcome(rule, null, 1, 0, $"Primary key ({string.Join(", ", keys)}).");
    }

    private static RuleOutcome ColumnOrder(RuleDefinition rule, DatasetRuleInput input)
    {
        var names = rule.Parameters.Columns;
        var start = input.Profiles.FirstOrDefault(p => p.Column == names[0]);
        var end = input.Profiles.FirstOrDefault(p => p.Column == names[1]);
        if (start is null || end is null)
        {
            return Skip(rule, null, $"the dataset has no profiled columns {names[0]} and {names[1]}.");
        }

        // When every start precedes every end, no row can be out of order; otherwise only the rows can tell.
        if (start.Max is not null && end.Min is not null && Compare(start.Max, end.Min) <= 0)
        {
            return Outcome(rule, null, start.Rows, 0, $"Every {names[0]} (max {start.Max}) precedes every {names[1]} (min {end.Min}).", sampled: start.Sampled);
        }

        return Skip(rule, null, $"whether {names[0]} ≤ {names[1]} on every row needs the rows; it is counted by push-down SQL on PostgreSQL sources only.");
    }

    private static RuleOutcome Timeliness(RuleDefinition rule, DatasetRuleInput input, RuleContext context)
    {
        var declared = input.Snapshot.Metadata.UpdateCycle;
        if (UpdateCycle.MaxAge(declared) is not { } maxAge)
        {
            return Skip(rule, null, string.IsNullOrWhiteSpace(declared)
                ? "the dataset declares no update cycle (the required-metadata rule reports it)."
                : $"the update cycle '{declared}' is not understood (use 일/주/월/분기/반기/년/실시간/수시).");
        }

        var changed = input.Snapshot.Metadata.Modified ?? input.LastChangedAt;
        if (changed is null)
        {
            return Skip(rule, null, "the source tells no date of last change.");
        }

        var age = context.Now - changed.Value;
        if (maxAge == TimeSpan.MaxValue)
        {
            return Outcome(rule, null, 1, 0, $"Updated as needed ({declared}); last changed {changed.Value:yyyy-MM-dd}.") with { Measured = Math.Round(age.TotalDays, 2), Threshold = double.PositiveInfinity };
        }

        var allowed = maxAge + TimeSpan.FromDays(rule.Parameters.GraceDays);
        var late = age > allowed;
        return new RuleOutcome(rule.Id, rule.Dimension, null, !late, Math.Round(age.TotalDays, 2), allowed.TotalDays, 1, late ? 1 : 0,
            late
                ? $"Last changed {changed.Value:yyyy-MM-dd}, {age.TotalDays:0} days ago; the declared cycle '{declared}' allows {allowed.TotalDays:0} days."
                : $"Last changed {changed.Value:yyyy-MM-dd}, {age.TotalDays:0} days ago, within the declared cycle '{declared}' ({allowed.TotalDays:0} days).");
    }

    private static RuleOutcome Coordinates(RuleDefinition rule, DatasetRuleInput input, RuleContext context)
    {
        if (CoordinateColumns(input.Profiles) is not var (latitude, longitude))
        {
            return Skip(rule, null, "the dataset has no latitude and longitude columns.");
        }

        var bounds = BoundsOf(rule, context);
        var where = bounds == GeoBounds.Korea ? "Korea" : "the city";
        var examined = latitude.Rows - latitude.Nulls - latitude.Empty;
        if (!TryNumber(latitude.Min, out var latMin) || !TryNumber(latitude.Max, out var latMax) || !TryNumber(longitude.Min, out var lonMin) || !TryNumber(longitude.Max, out var lonMax))
        {
            return Skip(rule, null, $"{latitude.Column} and {longitude.Column} have no numeric min and max in the profile.");
        }

        if (bounds.Contains(latMin, lonMin) && bounds.Contains(latMax, lonMax))
        {
            return Outcome(rule, null, examined, 0, $"Every point lies inside {where} ({latitude.Column} {latMin}–{latMax}, {longitude.Column} {lonMin}–{lonMax}).", sampled: latitude.Sampled);
        }

        // Count from the top values of each axis: a latitude outside the latitude band, or a longitude outside the longitude band.
        long failing = 0;
        long swapped = 0;
        var examples = new List<string>();
        foreach (var value in latitude.TopValues)
        {
            if (TryNumber(value.Value, out var lat) && (lat < bounds.MinLatitude || lat > bounds.MaxLatitude))
            {
                failing += value.Count;
                swapped += lat >= bounds.MinLongitude && lat <= bounds.MaxLongitude ? value.Count : 0;
                if (examples.Count < MaxExamples)
                {
                    examples.Add($"{latitude.Column}={value.Value}");
                }
            }
        }

        foreach (var value in longitude.TopValues)
        {
            if (TryNumber(value.Value, out var lon) && (lon < bounds.MinLongitude || lon > bounds.MaxLongitude) && examples.Count < MaxExamples)
            {
                examples.Add($"{longitude.Column}={value.Value}");
            }
        }

        failing = Math.Max(failing, 1);
        var covered = latitude.TopValues.Sum(v => v.Count);
        var message = $"{failing} of {examined} points lie outside {where} ({latitude.Column} {latMin}–{latMax}, {longitude.Column} {lonMin}–{lonMax})"
            + (swapped > 0 ? $"; {swapped} have a longitude in the latitude column (latitude and longitude swapped)." : ".");
        return Outcome(rule, null, examined, failing, message, examples, latitude.Sampled, covered >= examined);
    }

    /// <summary>The latitude and longitude columns, by inferred meaning or else by name (위도/경도, lat/lon, la/lo…).</summary>
    public static (ColumnProfile Latitude, ColumnProfile Longitude)? CoordinateColumns(IReadOnlyList<ColumnProfile> profiles)
    {
        var latitude = profiles.FirstOrDefault(p => p.Semantic == SemanticType.Latitude) ?? profiles.FirstOrDefault(p => IsNamed(p.Column, LatitudeNames));
        var longitude = profiles.FirstOrDefault(p => p.Semantic == SemanticType.Longitude) ?? profiles.FirstOrDefault(p => IsNamed(p.Column, LongitudeNames));
        return latitude is null || longitude is null ? null : (latitude, longitude);
    }

    /// <summary>The box a coordinates rule checks against: the city's when configured and asked for, else Korea's.</summary>
    public static GeoBounds BoundsOf(RuleDefinition rule, RuleContext context) =>
        string.Equals(rule.Parameters.Bounds, "korea", StringComparison.OrdinalIgnoreCase) || context.CityBounds is null ? GeoBounds.Korea : context.CityBounds;

    /// <summary>True for SQL date and timestamp types, whose values are calendar days by construction.</summary>
    public static bool IsTemporal(string dataType) =>
        dataType.StartsWith("date", StringComparison.OrdinalIgnoreCase) || dataType.StartsWith("timestamp", StringComparison.OrdinalIgnoreCase);

    private static bool IsNamed(string column, string[] names) => names.Any(n => string.Equals(column, n, StringComparison.OrdinalIgnoreCase) || column.EndsWith("_" + n, StringComparison.OrdinalIgnoreCase));

    private static bool TryNumber(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static (int? Length, int? Scale) LengthOf(string dataType)
    {
        var match = Regex.Match(dataType, @"\((\d+)(?:\s*,\s*(\d+))?\)", RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success
            ? (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : null)
            : (null, null);
    }
}
