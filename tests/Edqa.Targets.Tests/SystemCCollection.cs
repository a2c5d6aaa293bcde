namespace Edqa.Targets.Tests;

/// <summary>Every test that opens the process's one SystemC model runs in this collection, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SystemCCollection
{
    public const string Name = "SystemC";
}
