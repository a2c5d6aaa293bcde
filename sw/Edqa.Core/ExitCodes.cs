namespace Edqa.Core;

/// <summary>
/// Exit codes of <c>edqa</c> and of the native runners (<c>edqa-sim</c>, <c>edqa-board-runner</c>), one table for
/// all (README, "Exit codes"; sim/runner/main.cpp has the same values).
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and its answer is "no": a verification found a difference.</summary>
    public const int Mismatch = 1;

    /// <summary>Bad options: unknown, missing, out of range or conflicting.</summary>
    public const int Usage = 2;

    /// <summary>An input file is missing, unreadable, corrupted or holds values the spec or the accelerator refuses;
    /// or an output path cannot be written.</summary>
    public const int BadInput = 3;

    /// <summary>A bug or a missing piece of the installation: the message says which.</summary>
    public const int Internal = 4;

    /// <summary>The target failed: the accelerator timed out, the runner crashed or was killed, the board is
    /// unreachable.</summary>
    public const int TargetFailure = 5;
}
