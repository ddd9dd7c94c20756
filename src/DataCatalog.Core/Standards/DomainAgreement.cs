namespace DataCatalog.Core.Standards;

/// <summary>Whether a column's declared (or, for text files, inferred) type, length and format agree with a standard domain.</summary>
public static class DomainAgreement
{
    /// <summary>Each disagreement in one sentence naming what was found and what the domain expects; empty when they agree.</summary>
    public static IReadOnlyList<string> Problems(StandardDomain domain, StandardColumnInput column)
    {
        var declared = DeclaredType.Parse(column.DataType, column.Length, column.Scale);
        var expected = domain.SqlType;
        // A file has no physical type: its cells are text, so the inferred type and the values' pattern stand in.
        var textOnly = declared is null || declared.Family == TypeFamily.Text && column.InferredType is not null;
        if (textOnly)
        {
            return column.InferredType is null && column.DominantPattern is null ? [] : Inferred(domain, column);
        }

        var found = declared!.Sql;
        var problem = domain.DataType.ToUpperInvariant() switch
        {
            "CHAR" => declared.Family == TypeFamily.Char && declared.Length == domain.Length
                ? null
                : declared.Family == TypeFamily.Date
                    ? $"type DATE, expected {expected} {domain.StorageFormat ?? ""} for {domain.Name} (the standard stores dates as text)".Replace("  ", " ", StringComparison.Ordinal)
                    : $"type {found}, expected {expected} for {domain.Name}",
            "VARCHAR" => declared.Family == TypeFamily.VarChar && declared.Length is { } length && length <= (domain.Length ?? int.MaxValue)
                ? null
                : declared.Family is TypeFamily.VarChar or TypeFamily.Text && declared.Length is null
                    ? $"type {found} has no length, expected {expected} for {domain.Name}"
                    : $"type {found}, expected {expected} for {domain.Name}",
            "NUMERIC" => NumericProblem(domain, declared, expected, found),
            "DATETIME" or "TIMESTAMP" => declared.Family == TypeFamily.Timestamp ? null : $"type {found}, expected {expected} for {domain.Name}",
            "DATE" => declared.Family == TypeFamily.Date ? null : $"type {found}, expected DATE for {domain.Name}",
            _ => null,
        };
        return problem is null ? [] : [problem];
    }

    private static string? NumericProblem(StandardDomain domain, DeclaredType declared, string expected, string found)
    {
        var precision = domain.Length ?? 0;
        var scale = domain.Scale ?? 0;
        return declared.Family switch
        {
            TypeFamily.Numeric when declared.Length is null => $"type NUMERIC has no precision, expected {expected} for {domain.Name}",
            TypeFamily.Numeric when declared.Length <= precision && (declared.Scale ?? 0) == scale => null,
            TypeFamily.Integer when scale == 0 && declared.Digits >= precision => null,
            TypeFamily.Integer when scale == 0 => $"type {found} holds {declared.Digits} digits, {domain.Name} needs {precision}; use {expected} or BIGINT",
            _ => $"type {found}, expected {expected} for {domain.Name}",
        };
    }

    private static List<string> Inferred(StandardDomain domain, StandardColumnInput column)
    {
        var problems = new List<string>();
        var inferred = column.InferredType;
        var pattern = column.DominantPattern;
        var length = domain.Length;
        switch (domain.DataType.ToUpperInvariant())
        {
            case "CHAR":
                if (pattern is not null && length is not null && pattern.Length != length && !pattern.EndsWith('…'))
                {
                    problems.Add($"values look like {pattern} ({pattern.Length} characters), expected {length} characters{Format(domain)} for {domain.Name}");
                }

                break;
            case "VARCHAR":
                if (pattern is not null && length is not null && pattern.TrimEnd('…').Length > length)
                {
                    problems.Add($"values are longer than {length} characters, expected at most {length} for {domain.Name}");
                }

                break;
            case "NUMERIC":
                var wantsDecimal = domain.Scale is > 0;
                if (inferred is not null && !(inferred == "Integer" || wantsDecimal && inferred == "Decimal"))
                {
                    problems.Add($"values are {inferred}, expected {(wantsDecimal ? "decimal numbers" : "whole numbers")} ({domain.SqlType}) for {domain.Name}");
                }

                break;
            case "DATETIME" or "TIMESTAMP":
                if (inferred is not null && inferred != "DateTime")
                {
                    problems.Add($"values are {inferred}, expected date and time for {domain.Name}");
                }

                break;
        }

        return problems;
    }

    private static string Format(StandardDomain domain) => domain.StorageFormat is { } format && !format.Contains("자리", StringComparison.Ordinal)
        ? " " + format
        : "";
}
