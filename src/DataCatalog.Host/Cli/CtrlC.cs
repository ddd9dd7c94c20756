namespace DataCatalog.Host.Cli;

/// <summary>A token that Ctrl+C (SIGINT) cancels instead of killing the process, for a verb that must stop cleanly: a
/// harvest records its cancelled run, a report removes its unfinished file. The parser's own handling is off (see
/// <see cref="CatalogCommandLine"/>), so a verb that writes asks for this.</summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _stop;

    public CtrlC(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>Cancelled by Ctrl+C or by the token given.</summary>
    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _stop.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _stop.Cancel();
    }
}
