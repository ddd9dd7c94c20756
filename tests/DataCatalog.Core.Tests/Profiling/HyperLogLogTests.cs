using DataCatalog.Core.Profiling;

namespace DataCatalog.Core.Tests.Profiling;

public class HyperLogLogTests
{
    [Fact]
    public void An_empty_sketch_estimates_zero()
    {
        Assert.Equal(0, new HyperLogLog().Estimate());
    }

    [Fact]
    public void Repeated_values_count_once()
    {
        var sketch = new HyperLogLog();
        for (var i = 0; i < 1000; i++)
        {
            sketch.Add("same");
        }

        Assert.Equal(1, sketch.Estimate());
    }

    [Fact]
    public void Small_cardinalities_are_counted_almost_exactly()
    {
        var sketch = new HyperLogLog();
        for (var i = 0; i < 1000; i++)
        {
            sketch.Add($"v{i}");
        }

        // Linear counting over 16,384 registers: collisions among 1,000 values are rare.
        Assert.InRange(sketch.Estimate(), 990, 1010);
    }

    [Theory]
    [InlineData(50_000)]
    [InlineData(200_000)]
    [InlineData(1_000_000)]
    public void Large_cardinalities_are_estimated_within_two_percent(int distinct)
    {
        var sketch = new HyperLogLog();
        for (var i = 0; i < distinct; i++)
        {
            sketch.Add($"customer-{i:D8}");
        }

        var error = Math.Abs(sketch.Estimate() - distinct) / (double)distinct;
        Assert.True(error < 0.02, $"estimate {sketch.Estimate()} for {distinct} is off by {error:P2}");
    }

    [Fact]
    public void Hash_is_stable_across_processes()
    {
        // Pinned values computed by an independent script (FNV-1a 64 over UTF-16LE bytes, then fmix64):
        // a change here changes every stored estimate, so it must be deliberate.
        Assert.Equal(0xefd01f60ba992926UL, HyperLogLog.Hash(""));
        Assert.Equal(0x86fc2d0407502de5UL, HyperLogLog.Hash("a"));
        Assert.Equal(0x2d95cc274ed2ab54UL, HyperLogLog.Hash("주민"));
    }

    [Theory]
    [InlineData("02-1234-5678", 0x937968264570e856UL)]
    [InlineData("37.566500", 0x6ced34ba38b7a9e1UL)]
    [InlineData("Café ÿ 서울 1", 0x73ce2da77cf5ccf0UL)]
    [InlineData("\u00ff\u0100", 0x9651aa1c12a5f687UL)]
    public void Hash_of_text_mixing_one_byte_and_two_byte_chars_is_byte_wise_fnv(string value, ulong expected)
    {
        // Pinned by the same independent script: chars up to U+00FF take one multiplication by the prime squared
        // instead of two, which must give the byte-wise result exactly, also at the U+00FF/U+0100 boundary.
        Assert.Equal(expected, HyperLogLog.Hash(value));
    }

    [Fact]
    public void Hash_separates_strings_that_differ_only_in_the_high_byte_of_a_char()
    {
        Assert.NotEqual(HyperLogLog.Hash("\u0041"), HyperLogLog.Hash("\u0141"));
    }
}
