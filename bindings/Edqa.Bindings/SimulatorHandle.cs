using System.Runtime.InteropServices;
using Edqa.Bindings.Native;

namespace Edqa.Bindings;

/// <summary>The library's simulator handle. Releasing it calls edqa_sim_destroy under the kernel lock.</summary>
public sealed class SimulatorHandle : SafeHandle
{
    /// <summary>Where the handle is in its life.</summary>
    public enum HandleState
    {
        Open,
        Released,
    }

    public SimulatorHandle()
        : base(0, ownsHandle: true)
    {
    }

    public HandleState State => IsClosed || IsInvalid ? HandleState.Released : HandleState.Open;

    public override bool IsInvalid => handle == 0;

    internal void Attach(nint value) => SetHandle(value);

    protected override bool ReleaseHandle()
    {
        lock (Simulator.KernelLock)
        {
            return EdqaSimNative.edqa_sim_destroy(handle) == EdqaStatus.Ok;
        }
    }
}
