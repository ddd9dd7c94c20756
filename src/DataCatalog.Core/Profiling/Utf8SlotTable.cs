using System.Buffers.Binary;

namespace DataCatalog.Core.Profiling;

/// <summary>Numbers distinct UTF-8 values 0, 1, 2… in the order they are added and finds a value's number by its bytes.</summary>
/// <remarks>Open addressing over flat arrays, with every value's bytes in one buffer: a lookup reads a few cache lines and
/// makes no call through a comparer, which a dictionary keyed by byte arrays would. Hashes are seeded per process like
/// string hashing, so a crafted file cannot aim its values at one bucket.</remarks>
internal sealed class Utf8SlotTable
{
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64() | 1;

    private int[] _buckets = new int[32];
    private ulong[] _hashes = new ulong[16];
    private int[] _starts = new int[17];
    private byte[] _bytes = new byte[256];

    /// <summary>Values added so far.</summary>
    public int Count { get; private set; }

    /// <summary>The number of the value with these bytes and <paramref name="hash"/> (<see cref="Hash"/>), if it was added.</summary>
    public bool TryGet(ReadOnlySpan<byte> utf8, ulong hash, out int slot)
    {
        var mask = _buckets.Length - 1;
        for (var bucket = (int)hash & mask; ; bucket = (bucket + 1) & mask)
        {
            var entry = _buckets[bucket] - 1;
            if (entry < 0)
            {
                slot = -1;
                return false;
            }

            if (_hashes[entry] == hash && utf8.SequenceEqual(_bytes.AsSpan(_starts[entry], _starts[entry + 1] - _starts[entry])))
            {
                slot = entry;
                return true;
            }
        }
    }

    /// <summary>Adds a value not added before; returns its number, <see cref="Count"/> before the call.</summary>
    public int Add(ReadOnlySpan<byte> utf8, ulong hash)
    {
        var slot = Count;
        if (slot == _hashes.Length)
        {
            Array.Resize(ref _hashes, slot * 2);
            Array.Resize(ref _starts, (slot * 2) + 1);
        }

        var start = _starts[slot];
        if (start + utf8.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, start + utf8.Length));
        }

        utf8.CopyTo(_bytes.AsSpan(start));
        _starts[slot + 1] = start + utf8.Length;
        _hashes[slot] = hash;
        Count++;
        if (Count * 2 > _buckets.Length)
        {
            // At most half full, so a miss ends after a probe or two.
            _buckets = new int[_buckets.Length * 2];
            for (var entry = 0; entry < Count; entry++)
            {
                Place(entry);
            }
        }
        else
        {
            Place(slot);
        }

        return slot;
    }

    /// <summary>The value numbered <paramref name="slot"/> and its hash.</summary>
    public (ReadOnlyMemory<byte> Utf8, ulong Hash) this[int slot] => (_bytes.AsMemory(_starts[slot], _starts[slot + 1] - _starts[slot]), _hashes[slot]);

    private void Place(int entry)
    {
        var mask = _buckets.Length - 1;
        var bucket = (int)_hashes[entry] & mask;
        while (_buckets[bucket] != 0)
        {
            bucket = (bucket + 1) & mask;
        }

        _buckets[bucket] = entry + 1;
    }

    /// <summary>A 64-bit hash of the bytes, eight at a step: cells are short, and a byte-at-a-time hash would cost as much as decoding them.</summary>
    public static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15UL;
        var hash = Seed ^ ((ulong)utf8.Length * Multiplier);
        while (utf8.Length >= 8)
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * Multiplier;
            hash ^= hash >> 29;
            utf8 = utf8[8..];
        }

        // The last 0 to 7 bytes, read without a loop; with the length already mixed in, no two tails read the same.
        var tail = utf8.Length switch
        {
            >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(utf8) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(utf8[^4..]) << 32),
            > 0 => utf8[0] | ((ulong)utf8[utf8.Length >> 1] << 8) | ((ulong)utf8[^1] << 16),
            _ => 0UL,
        };

        // The MurmurHash3 finalizer: every bit of the input reaches the low bits the buckets and the filter use.
        return HyperLogLog.Mix(hash ^ tail);
    }
}
