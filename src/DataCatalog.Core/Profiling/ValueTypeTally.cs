namespace DataCatalog.Core.Profiling;

/// <summary>Infers a column's type from its values one at a time, in constant memory.</summary>
public sealed class ValueTypeTally
{
    private TypeCandidates _candidates = TypeCandidates.All;
    private bool _sawValue;

    /// <summary>Adds one value; null and blank values do not narrow or widen the type.</summary>
    public void Add(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        Add(ValueTypeInference.Read(value));
    }

    /// <summary>The narrowest type every non-blank value added so far fits.</summary>
    public InferredType Result => _sawValue ? ValueTypeInference.Narrowest(_candidates) : InferredType.Empty;

    /// <summary>True once a value fitted no type but text: nothing added later can narrow the column again.</summary>
    internal bool SettledOnText => _sawValue && _candidates == TypeCandidates.None;

    internal void Add(ValueReading reading)
    {
        _sawValue = true;
        _candidates &= reading.Candidates;
    }
}
