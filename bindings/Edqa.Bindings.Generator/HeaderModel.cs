namespace Edqa.Bindings.Generator;

/// <summary>What the generator reads out of a C header: only what a flat C ABI may contain.</summary>
internal sealed record HeaderModel(
    IReadOnlyList<EnumModel> Enums,
    IReadOnlyList<StructModel> Structs,
    IReadOnlyList<string> OpaqueTypes,
    IReadOnlyList<FunctionModel> Functions,
    IReadOnlyList<MacroModel> Macros);

internal sealed record EnumModel(string Name, string IntegerType, IReadOnlyList<EnumConstantModel> Constants);

internal sealed record EnumConstantModel(string Name, long Value);

/// <summary>A struct with its size and field offsets as clang computes them for this platform.</summary>
internal sealed record StructModel(string Name, long Size, IReadOnlyList<FieldModel> Fields);

/// <summary>A field; <paramref name="Length"/> is the element count of a fixed-size array (its Type the element's),
/// 0 for a scalar field.</summary>
internal sealed record FieldModel(string Name, string Type, long Offset, long Length = 0);

internal sealed record FunctionModel(string Name, string ReturnType, IReadOnlyList<ParameterModel> Parameters);

internal sealed record ParameterModel(string Name, string Type);

internal sealed record MacroModel(string Name, string Value);
