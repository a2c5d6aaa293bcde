// TorchSharp's native state (thread pool, seeds) is process-wide: these tests run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
