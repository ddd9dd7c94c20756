using System.Text;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.FileDrop;
using DataCatalog.Harvesting.Extract;

namespace DataCatalog.Harvesting.Tests.FileDrop;

/// <summary>A temporary drop root with real files, deleted after the test.</summary>
public sealed class DropFolder : IDisposable
{
    static DropFolder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public DropFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "filedrop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static Encoding Cp949 => Encoding.GetEncoding(949);

    public string Write(string relativePath, string text, Encoding? encoding = null, bool utf8Bom = false)
    {
        var path = PathOf(relativePath);
        var enc = encoding ?? new UTF8Encoding(false);
        var bytes = enc.GetBytes(text);
        File.WriteAllBytes(path, utf8Bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
        return path;
    }

    public string PathOf(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public static SourceDefinition Source(params (string Key, string Value)[] options) =>
        new("parking-drop", "transport", SourceKind.FileDrop, "주차 파일", "PARKING_DROP", "0 0 2 * * ?",
            Options: options.ToDictionary(o => o.Key, o => o.Value));

    public Task<List<ExtractedDataset>> ExtractAsync(params (string Key, string Value)[] options) =>
        ExtractAsync(Root, options);

    public static async Task<List<ExtractedDataset>> ExtractAsync(string root, params (string Key, string Value)[] options)
    {
        var datasets = new List<ExtractedDataset>();
        await foreach (var dataset in new FileDropConnector().ExtractAsync(Source(options), root, CancellationToken.None))
        {
            datasets.Add(dataset);
        }

        return datasets;
    }

    public async Task<ExtractedDataset> ExtractSingleAsync(params (string Key, string Value)[] options) =>
        Assert.Single(await ExtractAsync(options));

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
