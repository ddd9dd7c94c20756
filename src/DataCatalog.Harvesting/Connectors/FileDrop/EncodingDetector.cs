using System.Buffers;
using System.Text;
using UtfUnknown;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>The text encoding chosen for a file and the name reported in the catalog.</summary>
/// <param name="Name">Display name: <c>UTF-8</c>, <c>UTF-8 BOM</c>, <c>UTF-16LE</c>, <c>UTF-16BE</c>, <c>CP949</c> or a detector's name.</param>
public sealed record DetectedEncoding(Encoding Encoding, string Name);

/// <summary>Decides a text file's encoding: byte-order mark, else strict UTF-8, else CP949.</summary>
/// <remarks>Korean public files that are not UTF-8 are almost always CP949 (Excel's "CSV" on Korean Windows), so CP949 is
/// the default for bytes that are not UTF-8; another legacy encoding is only chosen when the bytes are not even valid CP949.</remarks>
public static class EncodingDetector
{
    /// <summary>How much of a file's head is examined.</summary>
    public const int SampleBytes = 64 * 1024;

    static EncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static DetectedEncoding Utf8 { get; } = new(new UTF8Encoding(false), "UTF-8");

    public static DetectedEncoding Cp949 => new(Encoding.GetEncoding(949), "CP949");

    /// <param name="head">The first bytes of the file.</param>
    /// <param name="isWholeFile">False when <paramref name="head"/> is cut from a longer file, so a multi-byte character
    /// split at its end is not mistaken for invalid data.</param>
    public static DetectedEncoding Detect(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new DetectedEncoding(new UTF8Encoding(true), "UTF-8 BOM");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new DetectedEncoding(new UnicodeEncoding(bigEndian: false, byteOrderMark: true), "UTF-16LE");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new DetectedEncoding(new UnicodeEncoding(bigEndian: true, byteOrderMark: true), "UTF-16BE");
        }

        if (IsStrictUtf8(head, isWholeFile))
        {
            return Utf8;
        }

        if (IsStrictCp949(head, isWholeFile))
        {
            return Cp949;
        }

        // The bytes are neither UTF-8 nor CP949 (a Latin-1 or Shift-JIS file): only now may a statistical guess decide, and
        // never for a Unicode encoding the strict checks above already ruled out.
        var guess = CharsetDetector.DetectFromBytes(head.ToArray()).Detected;
        return guess?.Encoding is { } encoding && guess.Confidence >= 0.5f && encoding.CodePage is not (65001 or 20127 or 1200 or 1201)
            ? new DetectedEncoding(encoding, guess.EncodingName.ToUpperInvariant())
            : Cp949;
    }

    /// <summary>Maps the <c>encoding</c> option to an encoding; null for a value the connector does not know.</summary>
    public static DetectedEncoding? FromOption(string value) => value.Trim().ToUpperInvariant() switch
    {
        "UTF-8" or "UTF8" => Utf8,
        // CP949 is a superset of EUC-KR, so files labelled EUC-KR read correctly with it.
        "CP949" or "EUC-KR" or "EUCKR" or "MS949" => Cp949,
        _ => null,
    };

    /// <summary>True when <paramref name="head"/> carries a Unicode byte-order mark or is valid UTF-8 or CP949.</summary>
    public static bool IsDecodable(ReadOnlySpan<byte> head, bool isWholeFile) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
        || IsStrictUtf8(head, isWholeFile) || IsStrictCp949(head, isWholeFile);

    /// <summary>True when <paramref name="head"/> starts with a UTF-16 byte-order mark, whose text legitimately holds NUL bytes.</summary>
    public static bool IsUtf16(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    private static bool IsStrictUtf8(ReadOnlySpan<byte> bytes, bool isWholeFile)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: isWholeFile);
            return status == OperationStatus.Done || (status == OperationStatus.NeedMoreData && !isWholeFile);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static bool IsStrictCp949(ReadOnlySpan<byte> bytes, bool isWholeFile)
    {
        var decoder = Encoding.GetEncoding(949, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetDecoder();
        try
        {
            // flush: false keeps a lead byte cut at the end of the sample pending instead of failing on it.
            decoder.GetCharCount(bytes, flush: isWholeFile);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
