namespace DataCatalog.Persistence.Model;

/// <summary>A dataset's latest AI-readiness grade (A–E) with the reasons that hold it back, most costly first.</summary>
public sealed class DatasetGrade
{
    public long DatasetId { get; set; }
    public Dataset? Dataset { get; set; }
    public required string Grade { get; set; }
    public double Points { get; set; }
    public List<GradeReason> Reasons { get; set; } = [];
    public DateTimeOffset ComputedAt { get; set; }
}

/// <summary>One reason a grade is held back and the points it costs.</summary>
public sealed record GradeReason(string Criterion, double PointsLost, string Message);

/// <summary>One grading of a dataset, never updated: the grade a dataset held on a past day, for reports as of that day.</summary>
public sealed class DatasetGradeHistory
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public Dataset? Dataset { get; set; }
    public required string Grade { get; set; }
    public double Points { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}
