using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;
using DataCatalog.Core.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace DataCatalog.Persistence.Reports;

/// <summary>What one report file holds: its name, rows (without the header), bytes and SHA-256 (lower-case hex).</summary>
public sealed record ReportFile(string Name, long Rows, long Bytes, string Sha256);

/// <summary>The manifest written beside a report: what was exported, for which scope and day, and the hash of each file.</summary>
public sealed record ReportManifest(string Kind, string Scope, string AsOf, string Cutoff, string GeneratorVersion, IReadOnlyList<ReportFile> Files);

/// <summary>
/// Writes the compliance reports as CSV (UTF-8 with BOM, CRLF, CsvHelper) straight from a PostgreSQL reader, one row at a
/// time: memory stays flat whatever the row count. Text cells are guarded against CSV injection (<see cref="CsvCell"/>),
/// numbers and instants are formatted invariantly (KST ISO 8601), so the same scope and day give the same bytes.
/// </summary>
public sealed class ReportExporter(IDbContextFactory<CatalogDbContext> contexts)
{
    /// <summary>The name of the manifest file written beside the CSV.</summary>
    public const string ManifestFileName = "manifest.json";

    private static readonly JsonSerializerOptions ManifestJson = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Korean department names stay readable in the manifest.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Settings for the export's transaction only (SET LOCAL). JIT compiling costs more than it saves on these queries, a
    /// memo cache of lookups that never repeat only costs, and the sorts left (per dataset, or small reports whole) and
    /// the findings' hash table stay in memory instead of spilling to disk. No merge joins: the planner prices a hash
    /// join under the rule-failures walk as rebuilt for every dataset and picks a merge join over a locale-collated sort
    /// of each dataset's results instead, while the executor in fact builds that hash table once and reuses it. Random
    /// reads priced near sequential ones (as on SSD, and a dataset's latest results lie together): the rule-failures walk
    /// then reads each dataset's results down the index in the report's order, so the final sort finds them sorted,
    /// instead of by bitmap in page order.
    /// </summary>
    public const string SessionSettings =
        "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off; SET LOCAL enable_memoize = off; SET LOCAL enable_mergejoin = off; SET LOCAL random_page_cost = 1.1";

    /// <summary>The generator named in every manifest: this build's informational version (fixed per build).</summary>
    public static string GeneratorVersion { get; } = "DataCatalog " + (typeof(ReportExporter).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    /// <summary>The CSV file name of a report (<c>compliance-transport-2026-11-26.csv</c>).</summary>
    public static string FileName(ReportKind kind, ReportScope scope) => scope.FileStem(kind.Kind) + ".csv";

    /// <summary>Streams the report's CSV into <paramref name="output"/> and returns its row count and hash.</summary>
    public async Task<ReportFile> WriteCsvAsync(ReportKind kind, ReportScope scope, Stream output, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One snapshot for the chain check and the rows (REPEATABLE READ): a report never mixes two moments.
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var settings = new NpgsqlCommand(SessionSettings, connection, (NpgsqlTransaction)transaction.GetDbTransaction()))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(ReportQueries.For(kind.Kind), connection, (NpgsqlTransaction)transaction.GetDbTransaction());
        command.CommandTimeout = 0;
        command.Parameters.Add(new NpgsqlParameter("cutoff", NpgsqlDbType.TimestampTz) { Value = scope.Cutoff.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("department", NpgsqlDbType.Text) { Value = (object?)scope.Department ?? DBNull.Value });
        if (kind.Kind == ReportKinds.AuditTrail)
        {
            AuditTrailReport.AddChainParameters(command, await AuditTrailReport.ChainStateAsync(db, cancellationToken));
        }

        var hashing = new HashingStream(output);
        await using (hashing.ConfigureAwait(false))
        {
            var rows = 0L;
            await using (var csv = CsvWriter.Create(hashing, Options, leaveOpen: true))
            {
                foreach (var column in kind.Columns)
                {
                    csv.WriteField(column);
                }

                await csv.EndRecordAsync(cancellationToken);
                await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
                if (reader.FieldCount != kind.Columns.Count)
                {
                    throw new InvalidOperationException($"The '{kind.Kind}' query returns {reader.FieldCount} columns for {kind.Columns.Count} report columns.");
                }

                var cells = new RowCells(reader);
                while (await reader.ReadAsync(cancellationToken))
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        csv.WriteField(cells.Cell(reader, i));
                    }

                    await csv.EndRecordAsync(cancellationToken);
                    rows++;
                }

                await csv.FlushAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return new ReportFile(FileName(kind, scope), rows, hashing.Written, hashing.Sha256());
        }
    }

    /// <summary>The manifest of <paramref name="file"/>.</summary>
    public static ReportManifest Manifest(ReportKind kind, ReportScope scope, ReportFile file) =>
        new(kind.Kind, scope.Department ?? "city", scope.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ReportScope.Iso(scope.Cutoff), GeneratorVersion, [file]);

    /// <summary>The manifest as UTF-8 JSON (no BOM, LF, fixed property order).</summary>
    public static byte[] ManifestBytes(ReportManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson);

    /// <summary>
    /// Writes the CSV and <see cref="ManifestFileName"/> into <paramref name="folder"/>. Each is written to a hidden
    /// temporary file and renamed when complete, the manifest last: a stopped export leaves no partial report behind.
    /// </summary>
    public async Task<ReportManifest> WriteFolderAsync(ReportKind kind, ReportScope scope, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var csvPath = Path.Combine(folder, FileName(kind, scope));
        var temporary = Path.Combine(folder, $".{Path.GetFileName(csvPath)}.{Environment.ProcessId}.tmp");
        try
        {
            ReportFile file;
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                file = await WriteCsvAsync(kind, scope, stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            File.Move(temporary, csvPath, overwrite: true);
            var manifest = Manifest(kind, scope, file);
            var manifestPath = Path.Combine(folder, ManifestFileName);
            await File.WriteAllBytesAsync(temporary, ManifestBytes(manifest), cancellationToken);
            File.Move(temporary, manifestPath, overwrite: true);
            return manifest;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\r\n",
        // Excel reads Korean correctly only from UTF-8 with a BOM.
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
        // Text is guarded by CsvCell before it gets here (numbers are formatted, never guarded), so the rule is in one place.
        Injection = CsvInjection.None,
    };

    /// <summary>
    /// The cells of a reader's rows, read by each column's type without boxing: what <see cref="Cell"/> gives, faster. A
    /// jsonb column is a list (the rule-failures report's examples), its elements joined in one cell. Instants and
    /// numbers repeat down a column (one scoring's time, a rule's threshold), so each column keeps its last formatted one.
    /// </summary>
    private sealed class RowCells
    {
        private readonly ColumnType[] _types;
        private readonly long[] _lastBits;
        private readonly string?[] _lastText;
        private readonly JsonListCell _list = new();

        public RowCells(NpgsqlDataReader reader)
        {
            _types = new ColumnType[reader.FieldCount];
            _lastBits = new long[reader.FieldCount];
            _lastText = new string?[reader.FieldCount];
            for (var i = 0; i < _types.Length; i++)
            {
                var type = reader.GetFieldType(i);
                _types[i] = reader.GetDataTypeName(i) == "jsonb" ? ColumnType.List
                    : type == typeof(string) ? ColumnType.Text
                    : type == typeof(double) ? ColumnType.Double
                    : type == typeof(long) ? ColumnType.Long
                    : type == typeof(DateTime) ? ColumnType.Instant
                    : ColumnType.Other;
            }
        }

        private enum ColumnType { Other, Text, List, Double, Long, Instant }

        public string Cell(NpgsqlDataReader reader, int i)
        {
            var type = _types[i];
            if (type == ColumnType.Other)
            {
                return ReportExporter.Cell(reader.GetValue(i));
            }

            if (reader.IsDBNull(i))
            {
                return "";
            }

            switch (type)
            {
                case ColumnType.Text:
                    return CsvCell.Neutralise(reader.GetString(i));
                case ColumnType.List:
                    return CsvCell.Neutralise(_list.Join(reader.GetFieldValue<string>(i)));
                case ColumnType.Long:
                    return reader.GetInt64(i).ToString(CultureInfo.InvariantCulture);
                case ColumnType.Double:
                {
                    var value = reader.GetDouble(i);
                    var bits = BitConverter.DoubleToInt64Bits(value);
                    return Remembered(i, bits) ?? Remember(i, bits, ReportScope.Number(value));
                }

                default:
                {
                    var instant = reader.GetDateTime(i);
                    var bits = instant.Ticks;
                    return Remembered(i, bits) ?? Remember(i, bits, ReportExporter.Cell(instant));
                }
            }
        }

        private string? Remembered(int i, long bits) => _lastText[i] is { } text && _lastBits[i] == bits ? text : null;

        private string Remember(int i, long bits, string text)
        {
            _lastBits[i] = bits;
            _lastText[i] = text;
            return text;
        }
    }

    /// <summary>One value as its cell: text guarded, numbers invariant, instants in KST, booleans yes/no, null empty.</summary>
    private static string Cell(object value) => value switch
    {
        DBNull => "",
        string text => CsvCell.Neutralise(text),
        bool flag => flag ? "yes" : "no",
        double number => ReportScope.Number(number),
        float number => ReportScope.Number(number),
        decimal number => ReportScope.Number((double)number),
        long number => number.ToString(CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        short number => number.ToString(CultureInfo.InvariantCulture),
        DateTime instant => ReportScope.Iso(new DateTimeOffset(DateTime.SpecifyKind(instant, DateTimeKind.Utc))),
        DateTimeOffset instant => ReportScope.Iso(instant),
        _ => CsvCell.Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
