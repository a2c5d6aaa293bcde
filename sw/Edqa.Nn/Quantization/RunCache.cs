namespace Edqa.Nn.Quantization;

/// <summary>Per-run work computed once per key (bit width) and shared by every table row that needs it.</summary>
internal static class RunCache
{
    public static TValue GetOrCompute<TKey, TValue>(this Dictionary<TKey, TValue> cache, TKey key, Func<TValue> compute)
        where TKey : notnull
    {
        if (!cache.TryGetValue(key, out TValue? value))
        {
            cache[key] = value = compute();
        }

        return value;
    }
}
