namespace DataCatalog.Core.Reports;

/// <summary>One kind of compliance report: its name on the CLI and the URL, what it shows, its parameters and its CSV columns.</summary>
public sealed record ReportKind(string Kind, string Title, string Description, IReadOnlyList<string> Parameters, IReadOnlyList<string> Columns);

/// <summary>The six reports auditors export. Column names are part of the contract: they never change once published.</summary>
public static class ReportKinds
{
    public const string Compliance = "compliance";
    public const string RuleFailures = "rule-failures";
    public const string Waivers = "waivers";
    public const string PiiInventory = "pii-inventory";
    public const string StandardTerms = "standard-terms";
    public const string AuditTrail = "audit-trail";

    private static readonly string[] ScopeParameters = ["department", "asOf"];

    /// <summary>Every kind, in the order menus list them.</summary>
    public static IReadOnlyList<ReportKind> All { get; } =
    [
        new(Compliance, "부서별 품질 준수 현황 (department compliance summary)",
            "Per department: datasets, scores and error rates per quality dimension, standard conformance, AI-readiness grades, open findings by severity, harvest coverage and staleness.",
            ScopeParameters,
            ["department", "department_name", "datasets", "datasets_scored", "overall_score",
             "completeness_score", "completeness_error_rate", "validity_score", "validity_error_rate",
             "uniqueness_score", "uniqueness_error_rate", "consistency_score", "consistency_error_rate",
             "timeliness_score", "timeliness_error_rate", "accuracy_score", "accuracy_error_rate",
             "standardization_score", "standardization_error_rate",
             "standard_columns_checked", "standard_columns_conformant", "standard_conformance_rate",
             "grade_a", "grade_b", "grade_c", "grade_d", "grade_e",
             "open_findings_critical", "open_findings_error", "open_findings_warning", "open_findings_info",
             "sources", "sources_harvested", "harvest_coverage", "last_harvest_at", "stale_sources"]),
        new(RuleFailures, "규칙 위반 내역 (rule failures)",
            "Every rule that failed or warned at the latest scoring as of the date, with its evidence and its finding's status on that date.",
            ScopeParameters,
            ["department", "source", "dataset", "column", "rule_id", "rule_kind", "dimension", "severity", "status",
             "examined", "failing", "error_rate", "measured", "threshold", "message", "examples", "evaluated_at",
             "finding_id", "finding_status"]),
        new(Waivers, "예외 승인 내역 (waivers)",
            "Every waiver granted up to the date: who granted it, why, until when, and whether it had expired on that date.",
            ScopeParameters,
            ["finding_id", "department", "source", "dataset", "column", "rule_id", "severity", "granted_by", "granted_at",
             "reason", "waived_until", "expired", "finding_status"]),
        new(PiiInventory, "개인정보 보유 현황 (personal-data inventory)",
            "Which datasets hold which classes of personal data, and who may see them unmasked. Class names only, never values.",
            ScopeParameters,
            ["department", "source", "dataset", "column", "pii_class", "visible_to"]),
        new(StandardTerms, "표준용어 준수 현황 (standard-term conformance)",
            "Per column, the standard-term check at the latest scoring as of the date: conformant, partial or not, with the suggested standard name.",
            ScopeParameters,
            ["department", "source", "dataset", "column", "status", "conformant", "message", "evaluated_at"]),
        new(AuditTrail, "감사 추적 (audit trail)",
            "Every audit event up to the date (who did what, when), with the hash chain's state: a forged or deleted row breaks it.",
            ScopeParameters,
            ["event_id", "occurred_at", "actor", "role", "department", "action", "target_kind", "target_id", "before", "after",
             "request_id", "hash", "chain"]),
    ];

    /// <summary>The kind named <paramref name="kind"/>, or null.</summary>
    public static ReportKind? Find(string? kind) => All.FirstOrDefault(k => string.Equals(k.Kind, kind, StringComparison.Ordinal));

    /// <summary>The error a user sees for an unknown kind, naming the known ones.</summary>
    public static string Unknown(string? kind) =>
        $"Unknown report '{kind}'; choose one of: {string.Join(", ", All.Select(k => k.Kind))}.";
}
