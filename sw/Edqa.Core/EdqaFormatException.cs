namespace Edqa.Core;

/// <summary>
/// A file, record or bitstream breaks docs/spec.md: the message names what is wrong and, where known, where
/// (record, channel, field). Readers throw only this for bad data, never an IndexOutOfRange or a silent wrong answer.
/// </summary>
public sealed class EdqaFormatException : Exception
{
    public EdqaFormatException(string message)
        : base(message)
    {
    }

    public EdqaFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Prefixes the location of a failure found deeper down ("record 3 (sample 0, channel 3): ...").</summary>
    public EdqaFormatException At(string location) => new($"{location}: {Message}", this);
}
