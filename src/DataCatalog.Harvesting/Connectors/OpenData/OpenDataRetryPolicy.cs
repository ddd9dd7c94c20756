namespace DataCatalog.Harvesting.Connectors.OpenData;

/// <summary>How often and how patiently an open-data connector asks again for a page that failed transiently.</summary>
/// <param name="Delays">One entry per retry: the wait before that retry. A page is requested at most <c>Delays.Count + 1</c> times.</param>
public sealed record OpenDataRetryPolicy(IReadOnlyList<TimeSpan> Delays)
{
    /// <summary>Three retries after 200 ms, 400 ms and 800 ms: enough to ride out a portal's rolling restart, short enough for a nightly run.</summary>
    public static OpenDataRetryPolicy Default { get; } = new([
        TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800)]);
}
