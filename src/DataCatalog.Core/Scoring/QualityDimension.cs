namespace DataCatalog.Core.Scoring;

/// <summary>The quality dimensions of the public-data quality assessment (공공데이터 품질관리 수준평가).</summary>
public enum QualityDimension
{
    /// <summary>완전성</summary>
    Completeness,
    /// <summary>유효성</summary>
    Validity,
    /// <summary>유일성</summary>
    Uniqueness,
    /// <summary>일관성</summary>
    Consistency,
    /// <summary>적시성</summary>
    Timeliness,
    /// <summary>정확성</summary>
    Accuracy,
    /// <summary>표준화 (common-standard conformance of names, types and metadata)</summary>
    Standardization,
}
