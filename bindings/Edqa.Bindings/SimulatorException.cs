using Edqa.Bindings.Native;

namespace Edqa.Bindings;

/// <summary>A simulation-library call failed; <see cref="Status"/> is its status code and the message the
/// library's own (edqa_sim_last_error).</summary>
public sealed class SimulatorException(EdqaStatus status, string message) : Exception($"{message} ({status})")
{
    public EdqaStatus Status { get; } = status;

    /// <summary>The library's message without the status suffix.</summary>
    public string NativeMessage { get; } = message;
}
