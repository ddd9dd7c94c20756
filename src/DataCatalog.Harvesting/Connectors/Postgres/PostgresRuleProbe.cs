using System.Globalization;
using System.Text;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Scoring;
using DataCatalog.Harvesting.Sources;
using DataCatalog.Persistence.Model;
using Npgsql;

namespace DataCatalog.Harvesting.Connectors.Postgres;

/// <summary>Counts rule failures over every row of a PostgreSQL table or view in one pushed-down statement per dataset:
/// calendar-invalid text dates, pattern and code-list failures, out-of-range values, foreign-key orphans, start after end,
/// points outside the bounds. Identifiers are quoted, values are parameters, the session is read-only with a statement timeout.</summary>
/// <remarks>Patterns run as PostgreSQL regular expressions (<c>~</c>), which agree with .NET's for the classes rule sets use
/// (<c>\d</c>, <c>[A-Z]</c>, quantifiers, anchors); look-arounds are .NET-only and such a rule is left to the profile.</remarks>
public sealed class PostgresRuleProbe(ConnectionResolver connections) : IRuleProbe
{
    private const int MaxExamples = 5;

    public bool Handles(Source source, DatasetSnapshot snapshot) =>
        source.Kind == SourceKind.Postgres && snapshot.Kind is DatasetKind.Table or DatasetKind.View;

    public async Task<IReadOnlyList<RowProbeResult>> ProbeAsync(Source source, DatasetRuleInput input, RuleSet ruleSet, RuleContext context, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand();
        var measures = new List<(string RuleId, string? Column, PiiClass Pii)>();
        var select = new StringBuilder();
        foreach (var (rule, column) in RuleEngine.Targets(ruleSet, input, context))
        {
            var pii = column is null ? PiiClass.None : input.Profiles.FirstOrDefault(p => p.Column == column.Name)?.Pii ?? PiiClass.None;
            if (Measure(rule, column, input, context, command) is not { } measure)
            {
                continue;
            }

            var i = measures.Count;
            select.Append(i == 0 ? "" : ",\n  ")
                .Append(CultureInfo.InvariantCulture, $"count(*) FILTER (WHERE {measure.Examined}) AS e{i}, ")
                .Append(CultureInfo.InvariantCulture, $"count(*) FILTER (WHERE {measure.Examined} AND ({measure.Failing})) AS f{i}, ")
                .Append(CultureInfo.InvariantCulture, $"(array_agg(DISTINCT {measure.Example}) FILTER (WHERE {measure.Examined} AND ({measure.Failing})))[1:{MaxExamples}] AS x{i}");
            measures.Add((rule.Id, column?.Name, pii));
        }

        if (measures.Count == 0)
        {
            return [];
        }

        var definition = HarvestRunner.ToDefinition(source);
        var timeout = PostgresConnectorOptions.From(definition).StatementTimeout;
        var builder = new NpgsqlConnectionStringBuilder(connections.Resolve(definition))
        {
            Options = $"-c default_transaction_read_only=on -c statement_timeout={(int)timeout.TotalMilliseconds}",
            ApplicationName = "datacatalog-rules",
            Timeout = 15,
        };
        command.CommandText = $"SELECT\n  {select}\nFROM {Table(input.Snapshot.QualifiedName)} AS t";
        try
        {
            await using var session = new NpgsqlConnection(builder.ConnectionString);
            await session.OpenAsync(cancellationToken);
            command.Connection = session;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var results = new List<RowProbeResult>(measures.Count);
            for (var i = 0; i < measures.Count; i++)
            {
                var examples = reader.IsDBNull(3 * i + 2) ? [] : reader.GetFieldValue<string?[]>(3 * i + 2);
                results.Add(new RowProbeResult(measures[i].RuleId, measures[i].Column, reader.GetInt64(3 * i), reader.GetInt64(3 * i + 1),
                    examples.OfType<string>().Select(v => Masking.Mask(v, measures[i].Pii)).ToList()));
            }

            return results;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            var why = ex is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }
                ? $"the rule probe ran past the statement timeout of {timeout.TotalSeconds:0} s; raise 'statementTimeoutSeconds' in the source's options"
                : $"the rule probe failed ({ex.Message}); check that the connection named by '{source.ConnectionRef}' is right";
            throw new RuleProbeException($"Source '{source.Id}', {input.Snapshot.QualifiedName}: {why}. Scored from the stored profile instead.", ex);
        }
        finally
        {
            await command.DisposeAsync();
        }
    }

    private sealed record SqlMeasure(string Examined, string Failing, string Example);

    // One measure per rule and column: which rows are examined, which of them fail, what a failing row shows.
    private static SqlMeasure? Measure(RuleDefinition rule, ColumnSnapshot? column, DatasetRuleInput input, RuleContext context, NpgsqlCommand command)
    {
        string Param(object value)
        {
            var name = "p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(new NpgsqlParameter(name, value));
            return "@" + name;
        }

        if (column is null)
        {
            return rule.Kind switch
            {
                RuleKinds.ColumnOrder when rule.Parameters.Columns.Count == 2 && rule.Parameters.Columns.All(c => input.Snapshot.Columns.Any(s => s.Name == c)) =>
                    new SqlMeasure($"{Quote(rule.Parameters.Columns[0])} IS NOT NULL AND {Quote(rule.Parameters.Columns[1])} IS NOT NULL",
                        $"{Quote(rule.Parameters.Columns[0])} > {Quote(rule.Parameters.Columns[1])}",
                        $"{Quote(rule.Parameters.Columns[0])}::text || ' > ' || {Quote(rule.Parameters.Columns[1])}::text"),
                RuleKinds.Coordinates when RuleEngine.CoordinateColumns(input.Profiles) is var (latitude, longitude) && latitude.Pii == PiiClass.None =>
                    Coordinates(Quote(latitude.Column), Quote(longitude.Column), RuleEngine.BoundsOf(rule, context), Param),
                _ => null,
            };
        }

        var c = Quote(column.Name);
        var text = $"btrim({c}::text)";
        var present = $"{c} IS NOT NULL AND {text} <> ''";
        switch (rule.Kind)
        {
            case RuleKinds.CalendarDate when RuleEngine.IsTemporal(column.DataType):
                return null;
            case RuleKinds.CalendarDate:
                var format = (rule.Parameters.Format ?? "YYYYMMDD").ToUpperInvariant();
                if (format is not ("YYYYMMDD" or "YYYY-MM-DD"))
                {
                    return null;
                }

                // CASE fixes the order: the digits are checked before they are cast, so no value can make the statement fail.
                var digits = format == "YYYYMMDD" ? text : $"replace({text}, '-', '')";
                var shape = format == "YYYYMMDD" ? "'^[0-9]{8}$'" : "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'";
                var invalid = $"CASE WHEN {text} !~ {shape} THEN true "
                    + $"WHEN substr({digits}, 1, 4)::int < 1 OR substr({digits}, 5, 2)::int NOT BETWEEN 1 AND 12 OR substr({digits}, 7, 2)::int < 1 THEN true "
                    + $"ELSE substr({digits}, 7, 2)::int > extract(day FROM make_date(substr({digits}, 1, 4)::int, substr({digits}, 5, 2)::int, 1) + interval '1 month' - interval '1 day') END";
                return new SqlMeasure(present, invalid, text);
            case RuleKinds.Pattern when rule.Parameters.Pattern is { } pattern && !pattern.Contains("(?", StringComparison.Ordinal):
                return new SqlMeasure(present, $"{text} !~ {Param("^(?:" + pattern + ")$")}", text);
            case RuleKinds.AcceptedValues:
                return new SqlMeasure(present, $"NOT ({text} = ANY({Param(rule.Parameters.Values.ToArray())}))", text);
            case RuleKinds.Range:
                var number = "'^[-+]?[0-9]+(\\.[0-9]+)?$'";
                var conditions = new List<string>();
                if (rule.Parameters.Min is { } min && double.TryParse(min, NumberStyles.Float, CultureInfo.InvariantCulture, out var low))
                {
                    conditions.Add($"{text}::numeric < {Param((decimal)low)}");
                }

                if (rule.Parameters.Max is { } max && double.TryParse(max, NumberStyles.Float, CultureInfo.InvariantCulture, out var high))
                {
                    conditions.Add($"{text}::numeric > {Param((decimal)high)}");
                }

                return conditions.Count == 0 ? null
                    : new SqlMeasure($"{present} AND {text} ~ {number}", $"CASE WHEN {text} ~ {number} THEN {string.Join(" OR ", conditions)} ELSE false END", text);
            case RuleKinds.ForeignKey when column.References is { } references && SplitReference(references) is var (table, key):
                return new SqlMeasure($"{c} IS NOT NULL", $"NOT EXISTS (SELECT 1 FROM {Table(table)} AS r WHERE r.{Quote(key)} = t.{c})", text);
            default:
                return null;
        }
    }

    // A point outside the box, zero or swapped, fails; a value that is not a number fails too rather than breaking the statement.
    private static SqlMeasure Coordinates(string latitude, string longitude, GeoBounds bounds, Func<object, string> param)
    {
        const string Number = "'^[-+]?[0-9]+(\\.[0-9]+)?$'";
        var (lat, lon) = ($"btrim({latitude}::text)", $"btrim({longitude}::text)");
        var inside = $"{lat}::float8 BETWEEN {param(bounds.MinLatitude)} AND {param(bounds.MaxLatitude)} AND {lon}::float8 BETWEEN {param(bounds.MinLongitude)} AND {param(bounds.MaxLongitude)}";
        return new SqlMeasure($"{latitude} IS NOT NULL AND {longitude} IS NOT NULL",
            $"CASE WHEN {lat} ~ {Number} AND {lon} ~ {Number} THEN NOT ({inside}) ELSE true END",
            $"{lat} || ',' || {lon}");
    }

    private static (string Table, string Column)? SplitReference(string reference)
    {
        var cut = reference.LastIndexOf('.');
        return cut <= 0 ? null : (reference[..cut], reference[(cut + 1)..]);
    }

    private static string Table(string qualifiedName)
    {
        var cut = qualifiedName.IndexOf('.', StringComparison.Ordinal);
        return cut < 0 ? Quote(qualifiedName) : $"{Quote(qualifiedName[..cut])}.{Quote(qualifiedName[(cut + 1)..])}";
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
