using Edqa.Core.Jobs;

namespace Edqa.Targets;

/// <summary>
/// Where accelerator jobs run, by name: the golden model, the SystemC model in this process or in the runner
/// process, or a board. Every target answers the same jobs with the same statuses and output words, so the one
/// layer loop (<see cref="Core.Layer.LayerQuantizer"/>) writes byte-identical .edqa content on each.
/// </summary>
public interface IAcceleratorTarget : IJobRunner, IDisposable
{
    /// <summary>The name the command line uses: reference, sim, sim-process, board.</summary>
    string Name { get; }
}

/// <summary>The target itself failed, not the input: a runner that crashed, hung or answered garbage, an
/// unreachable board, an accelerator that timed out. The command line's exit code for it is 5.</summary>
public class TargetException(string message) : Exception(message);
