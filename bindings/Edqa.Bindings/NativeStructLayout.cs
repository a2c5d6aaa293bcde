namespace Edqa.Bindings.Native;

/// <summary>A C struct's size and field offsets as clang measured them; the generated <c>EdqaSimLayout</c> lists
/// one per struct and a test holds the C# structs to them.</summary>
public sealed record NativeStructLayout(Type Type, long Size, NativeFieldOffset[] Fields);

public sealed record NativeFieldOffset(string Name, long Offset);
