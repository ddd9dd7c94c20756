using System.Security.Cryptography;
using DataCatalog.Core.Standards;
using DataCatalog.Harvesting.Connectors.FileDrop;

namespace DataCatalog.Harvesting.Standards;

/// <summary>A dictionary file as read from disk: its bytes' hash, the encoding chosen and what the parser made of it.</summary>
public sealed record StandardDictionaryFileRead(string Path, string FileName, string Sha256, string Encoding, StandardDictionaryParse Parse)
{
    /// <summary>Every problem of the file, each prefixed with the file name.</summary>
    public IEnumerable<string> Errors => Parse.Errors.Select(e => $"{FileName}: {e}");
}

/// <summary>Opens dictionary files. The encoding is decided strictly, as for dropped files: a byte-order mark, else bytes
/// that are valid UTF-8, else CP949 (Excel's Korean "CSV"); any other guess is refused, since a dictionary read with the
/// wrong code page would silently store mojibake names.</summary>
public static class StandardDictionaryFile
{
    public static async Task<StandardDictionaryFileRead> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return Read(path, bytes);
    }

    public static StandardDictionaryFileRead Read(string path, byte[] bytes)
    {
        var name = System.IO.Path.GetFileName(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var detected = EncodingDetector.Detect(bytes, isWholeFile: true);
        if (detected.Name is not ("UTF-8" or "UTF-8 BOM" or "CP949"))
        {
            var refused = new StandardDictionaryParse(null, null, [], [], [],
                [new StandardParseError(1, null, $"the file is neither UTF-8 nor CP949 (it looks like {detected.Name}); save it as UTF-8 CSV")]);
            return new StandardDictionaryFileRead(path, name, sha, detected.Name, refused);
        }

        var text = detected.Encoding.GetString(bytes);
        return new StandardDictionaryFileRead(path, name, sha, detected.Name, StandardDictionaryParser.Parse(text));
    }
}
