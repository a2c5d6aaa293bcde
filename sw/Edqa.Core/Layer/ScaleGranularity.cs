namespace Edqa.Core.Layer;

/// <summary>What one scale M covers (spec §2.2). The values are the container's header field.</summary>
public enum ScaleGranularity : byte
{
    /// <summary>One M for the whole layer (the paper's Algorithm 1; the default).</summary>
    Layer = 0,

    /// <summary>One M per channel, across the batch (the authors' code).</summary>
    Channel = 1,
}
