using System.Data;
using System.Text;
using DataCatalog.Core.Scoring;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataCatalog.Persistence.Search;

/// <summary>
/// The host's in-memory index of the search documents (<c>dataset_search</c>), which answers dataset searches: the
/// matching set, its count, every facet and the page come from memory, so a search costs the database one
/// one-row read (the documents' generation) instead of visiting every match's row.
/// </summary>
/// <remarks>
/// Each search first reads the generation the database has reached (<c>search_generation</c>, taken by every
/// statement that writes documents and made visible in order): when it has moved, the documents written since are
/// read and the next snapshot replaces this one before the search runs, so a search sees every commit that preceded
/// it, from any host. Searches in flight keep the snapshot they started on. The SQL statement of
/// <see cref="CatalogSearch"/> answers the same searches and is the reference the tests and the benchmark compare with.
/// </remarks>
public sealed class SearchIndex
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    // Replaced (under _refresh) when most of its words are no longer held: snapshots in flight keep the one they were built on.
    private SearchLexicon _lexicon = new();
    private volatile SearchIndexSnapshot? _current;

    /// <summary>The generation and size of the snapshot searches run on now, if one was built.</summary>
    public (long Generation, int Documents)? State => _current is { } s ? (s.Generation, s.Documents.Length) : null;

    /// <summary>How many distinct words the index holds ids for, some perhaps no longer in any document (at most about twice those that are).</summary>
    public int LexiconSize => _lexicon.Count;

    /// <summary>Below this many words the lexicon is not compacted: the ids of words no document holds cost little.</summary>
    public const int MinimumLexiconToCompact = 1024;

    /// <summary>Searches the catalog of <paramref name="db"/> as of its latest committed documents.</summary>
    public async Task<SearchPage> SearchAsync(CatalogDbContext db, SearchRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(db, cancellationToken);
        return snapshot.Search(request, now, await SimilarAsync(db, snapshot, request.Text, cancellationToken));
    }

    /// <summary>
    /// The ids of every dataset whose document holds <paramref name="text"/> (as <see cref="SearchAsync"/> matches it),
    /// withdrawn ones included, ascending; null when the text has no word to look for.
    /// </summary>
    public async Task<long[]?> MatchingDatasetIdsAsync(CatalogDbContext db, string text, CancellationToken cancellationToken)
    {
        if (SearchTokens.Tokens(text).Count == 0)
        {
            return null;
        }

        var snapshot = await CurrentAsync(db, cancellationToken);
        return snapshot.MatchingIds(text, await SimilarAsync(db, snapshot, text, cancellationToken));
    }

    private static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> SimilarAsync(
        CatalogDbContext db, SearchIndexSnapshot snapshot, string? text, CancellationToken cancellationToken)
    {
        // A word no document holds as written is looked up among the known words (one more statement, only then).
        var similar = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var unknown = new List<SearchTokens.Token>();
        foreach (var token in SearchTokens.Tokens(text).Where(t => t.TypoCandidate && !snapshot.Holds(t)))
        {
            if (snapshot.SimilarWords.TryGetValue(token.Text, out var known))
            {
                similar[token.Text] = known;
            }
            else
            {
                unknown.Add(token);
            }
        }

        if (unknown.Count > 0)
        {
            var found = await CatalogSearch.SimilarWordsAsync(db, unknown, cancellationToken);
            foreach (var token in unknown)
            {
                var words = found.TryGetValue(token.Text, out var w) ? w : [];
                if (snapshot.SimilarWords.Count < SearchIndexSnapshot.MaxSimilarWords)
                {
                    snapshot.SimilarWords[token.Text] = words;
                }

                if (words.Count > 0)
                {
                    similar[token.Text] = words;
                }
            }
        }

        return similar;
    }

    /// <summary>Brings the index up to the database's generation (at start, so the first search does not wait for the load).</summary>
    public async Task RefreshAsync(CatalogDbContext db, CancellationToken cancellationToken) => await CurrentAsync(db, cancellationToken);

    private async Task<SearchIndexSnapshot> CurrentAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var generation = await db.Database.SqlQueryRaw<long>("SELECT generation AS \"Value\" FROM search_generation WHERE id = 1")
            .SingleAsync(cancellationToken);
        // Only the same generation is current: a lower one is either a refresh that overtook this read (the load below
        // finds the generation unchanged) or a database that went back (a restore), whose documents are read whole.
        if (_current is { } current && current.Generation == generation)
        {
            return current;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } refreshed && refreshed.Generation == generation)
            {
                return refreshed;
            }

            var next = await LoadAsync(db, _current, cancellationToken);
            _current = next;
            return next;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<SearchIndexSnapshot> LoadAsync(CatalogDbContext db, SearchIndexSnapshot? previous, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(db, previous, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The snapshot searches run on stays as it was; the next search tries again.
            var kept = previous is null ? "no snapshot yet" : $"the snapshot of generation {previous.Generation} is kept";
            throw new InvalidOperationException(
                $"The search index could not read the search documents (dataset_search) from the database ({kept}; the next search tries again): {e.Message}", e);
        }
    }

    private async Task<SearchIndexSnapshot> ReadAsync(CatalogDbContext db, SearchIndexSnapshot? previous, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            // One snapshot for the generation, the documents written since and the count, so they agree.
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            long generation;
            await using (var command = new NpgsqlCommand("SELECT generation FROM search_generation WHERE id = 1", connection, transaction))
            {
                generation = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            }

            if (previous is not null && generation == previous.Generation)
            {
                return previous;
            }

            if (previous is not null && generation < previous.Generation)
            {
                // The generation went back: the database was restored or re-created, and documents stamped at most the
                // snapshot's generation may have changed. Nothing of the snapshot can be trusted.
                previous = null;
            }

            var changed = new List<IndexedDocument>();
            await using (var command = new NpgsqlCommand(DocumentsSql, connection, transaction) { CommandTimeout = 0 })
            {
                command.Parameters.AddWithValue("since", previous?.Generation ?? long.MinValue);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    changed.Add(Read(reader));
                }
            }

            var byId = new Dictionary<long, IndexedDocument>((previous?.Documents.Length ?? 0) + changed.Count);
            foreach (var document in previous?.Documents ?? [])
            {
                byId[document.DatasetId] = document;
            }

            var sameWords = true;
            foreach (var document in changed)
            {
                // The postings carry each word's rank weight too, so they are kept only when both are unchanged.
                sameWords &= byId.TryGetValue(document.DatasetId, out var before) && before.Words.AsSpan().SequenceEqual(document.Words)
                    && before.RankWords.AsSpan().SequenceEqual(document.RankWords) && before.RankWeights.AsSpan().SequenceEqual(document.RankWeights);
                byId[document.DatasetId] = document;
            }

            if (previous is not null)
            {
                long count;
                await using (var command = new NpgsqlCommand("SELECT count(*) FROM dataset_search", connection, transaction))
                {
                    count = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
                }

                if (count != byId.Count)
                {
                    // Documents were deleted (their datasets were): keep only those still there.
                    sameWords = false;
                    var present = new HashSet<long>();
                    await using var command = new NpgsqlCommand("SELECT dataset_id FROM dataset_search", connection, transaction);
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        present.Add(reader.GetInt64(0));
                    }

                    foreach (var id in byId.Keys.Where(id => !present.Contains(id)).ToList())
                    {
                        byId.Remove(id);
                    }
                }
            }

            await transaction.CommitAsync(cancellationToken);
            var documents = byId.Values.ToArray();
            Array.Sort(documents, (a, b) => a.DatasetId.CompareTo(b.DatasetId));
            if (Compact(documents))
            {
                // Every id changed: nothing of the previous snapshot's postings or sorted words applies.
                previous = null;
                sameWords = false;
            }

            return new SearchIndexSnapshot(generation, documents, _lexicon, previous, sameWords);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // The lexicon only grows while documents come and go (a harvest that renames, a dataset deleted): when fewer than
    // half of its words are held by a document, the documents' words are given ids in a new lexicon of only those.
    private bool Compact(IndexedDocument[] documents)
    {
        var old = _lexicon;
        if (old.Count < MinimumLexiconToCompact)
        {
            return false;
        }

        var map = new int[old.Count];
        var held = 0;
        foreach (var document in documents)
        {
            foreach (var id in document.Words)
            {
                held += map[id] == 0 ? 1 : 0;
                map[id] = 1;
            }

            foreach (var id in document.RankWords)
            {
                held += map[id] == 0 ? 1 : 0;
                map[id] = 1;
            }
        }

        if (held * 2 >= old.Count)
        {
            return false;
        }

        var lexicon = new SearchLexicon();
        for (var id = 0; id < map.Length; id++)
        {
            map[id] = map[id] == 0 ? -1 : lexicon.Add(old.Lexeme(id));
        }

        for (var i = 0; i < documents.Length; i++)
        {
            var d = documents[i];
            var words = d.Words.Select(id => map[id]).ToArray();
            Array.Sort(words);
            var rankWords = d.RankWords.Select(id => map[id]).ToArray();
            var weights = (byte[])d.RankWeights.Clone();
            Array.Sort(rankWords, weights);
            documents[i] = d with { Words = words, RankWords = rankWords, RankWeights = weights };
        }

        _lexicon = lexicon;
        return true;
    }

    private IndexedDocument Read(NpgsqlDataReader reader)
    {
        var dimensions = new double?[Dimensions.Length];
        for (var i = 0; i < dimensions.Length; i++)
        {
            dimensions[i] = reader.IsDBNull(DimensionOrdinal + i) ? null : reader.GetDouble(DimensionOrdinal + i);
        }

        var words = reader.GetFieldValue<string[]>(11);
        var wordIds = new int[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            wordIds[i] = _lexicon.Add(words[i]);
        }

        Array.Sort(wordIds);
        var rankWords = reader.IsDBNull(12) ? [] : reader.GetFieldValue<string[]>(12);
        var rankWeights = reader.IsDBNull(13) ? [] : reader.GetFieldValue<short[]>(13);
        var rankIds = new int[rankWords.Length];
        var weights = new byte[rankWords.Length];
        for (var i = 0; i < rankWords.Length; i++)
        {
            rankIds[i] = _lexicon.Add(rankWords[i]);
            weights[i] = (byte)rankWeights[i];
        }

        Array.Sort(rankIds, weights);
        var conformance = reader.IsDBNull(8) ? (double?)null : reader.GetDouble(8);
        var pii = reader.GetFieldValue<string[]>(6);
        return new IndexedDocument(
            DatasetId: reader.GetInt64(0),
            Active: reader.GetString(1) == "Active",
            Department: reader.GetString(2),
            SourceKind: reader.GetString(3),
            Grade: reader.IsDBNull(4) ? "-" : reader.GetString(4),
            OpenFindings: reader.GetInt32(5),
            // A dataset without personal data counts as None, so the facet covers every match.
            PiiClasses: pii.Length == 0 ? ["None"] : pii,
            UpdateCycle: reader.IsDBNull(7) ? "" : reader.GetString(7),
            Conformance: conformance switch
            {
                null => StandardConformance.Unknown,
                >= 1 => StandardConformance.Full,
                <= 0 => StandardConformance.None,
                _ => StandardConformance.Partial,
            },
            LatestScore: reader.IsDBNull(9) ? null : reader.GetDouble(9),
            DimensionScores: dimensions,
            ChangedAt: reader.GetFieldValue<DateTimeOffset>(10),
            Name: reader.GetString(14),
            Words: wordIds,
            RankWords: rankIds,
            RankWeights: weights);
    }

    private static readonly QualityDimension[] Dimensions = Enum.GetValues<QualityDimension>();

    private const int DimensionOrdinal = 15;

    // Each lexeme of the rank vector with its best weight (A 4 … D 1; a lexeme kept without positions is D).
    private static readonly string DocumentsSql = new StringBuilder()
        .Append("SELECT s.dataset_id, s.status, s.department_code, s.source_kind, s.grade, s.open_findings, s.pii_classes, s.update_cycle, ")
        .Append("s.standard_conformance, s.latest_score, s.changed_at, tsvector_to_array(s.words), r.lexemes, r.weights, s.name")
        .Append(string.Concat(Dimensions.Select(d => $", (s.dimension_scores ->> '{d}')::float8")))
        .Append(" FROM dataset_search s CROSS JOIN LATERAL (SELECT array_agg(u.lexeme) AS lexemes, array_agg(CASE WHEN 'A' = ANY(u.weights) THEN 4")
        .Append(" WHEN 'B' = ANY(u.weights) THEN 3 WHEN 'C' = ANY(u.weights) THEN 2 ELSE 1 END::int2) AS weights FROM unnest(s.rank_words) AS u) r")
        .Append(" WHERE s.generation > @since")
        .ToString();
}
