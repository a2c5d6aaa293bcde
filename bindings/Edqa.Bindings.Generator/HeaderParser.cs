using System.Runtime.InteropServices;
using System.Text;
using static Edqa.Clang.LibClang;

namespace Edqa.Bindings.Generator;

/// <summary>Parses a C header with libclang into a <see cref="HeaderModel"/>. Any clang diagnostic is fatal: a
/// header that does not parse cleanly would silently produce wrong bindings (an unknown size_t parses as
/// int).</summary>
internal static unsafe class HeaderParser
{
    public static HeaderModel Parse(string headerPath)
    {
        nint index = clang_createIndex(0, 0);
        string[] arguments = ["-x", "c", "-std=c11"];
        nint unit = ParseTranslationUnit(index, headerPath, arguments,
            DetailedPreprocessingRecord | SkipFunctionBodies);
        try
        {
            ThrowOnDiagnostics(unit);
            return Read(unit);
        }
        finally
        {
            clang_disposeTranslationUnit(unit);
            clang_disposeIndex(index);
        }
    }


    private static void ThrowOnDiagnostics(nint unit)
    {
        uint count = clang_getNumDiagnostics(unit);
        if (count == 0)
        {
            return;
        }

        var messages = new List<string>();
        for (uint i = 0; i < count; i++)
        {
            nint diagnostic = clang_getDiagnostic(unit, i);
            messages.Add(Take(clang_formatDiagnostic(diagnostic, 0x1 | 0x2)));
            clang_disposeDiagnostic(diagnostic);
        }

        throw new InvalidOperationException($"clang reported {count} diagnostic(s); bindings are not generated from "
            + "a header that does not parse cleanly:\n  " + string.Join("\n  ", messages));
    }

    private static HeaderModel Read(nint unit)
    {
        var enums = new List<EnumModel>();
        var structs = new List<StructModel>();
        var opaque = new List<string>();
        var functions = new List<FunctionModel>();
        var macros = new List<MacroModel>();
        foreach (CXCursor cursor in Children(clang_getTranslationUnitCursor(unit)))
        {
            if (clang_Location_isFromMainFile(clang_getCursorLocation(cursor)) == 0)
            {
                continue;
            }

            switch (clang_getCursorKind(cursor))
            {
                case EnumDecl:
                    enums.Add(ReadEnum(cursor));
                    break;
                case StructDecl:
                    if (Children(cursor).Any(c => clang_getCursorKind(c) == FieldDecl))
                    {
                        structs.Add(ReadStruct(cursor));
                    }
                    else
                    {
                        opaque.Add(Take(clang_getCursorSpelling(cursor)));
                    }

                    break;
                case FunctionDecl:
                    functions.Add(ReadFunction(cursor));
                    break;
                case MacroDefinition:
                    if (ReadMacro(unit, cursor) is MacroModel macro)
                    {
                        macros.Add(macro);
                    }

                    break;
            }
        }

        return new HeaderModel(enums, structs, opaque.Distinct().ToList(), functions, macros);
    }

    private static EnumModel ReadEnum(CXCursor cursor)
    {
        var constants = Children(cursor)
            .Where(c => clang_getCursorKind(c) == EnumConstantDecl)
            .Select(c => new EnumConstantModel(Take(clang_getCursorSpelling(c)), clang_getEnumConstantDeclValue(c)))
            .ToList();
        return new EnumModel(Take(clang_getCursorSpelling(cursor)),
            Take(clang_getTypeSpelling(clang_getEnumDeclIntegerType(cursor))), constants);
    }

    private static StructModel ReadStruct(CXCursor cursor)
    {
        CXType type = clang_getCursorType(cursor);
        var fields = new List<FieldModel>();
        foreach (CXCursor field in Children(cursor).Where(c => clang_getCursorKind(c) == FieldDecl))
        {
            string name = Take(clang_getCursorSpelling(field));
            byte[] utf8 = Encoding.UTF8.GetBytes(name + "\0");
            long offsetBits;
            fixed (byte* pointer = utf8)
            {
                offsetBits = clang_Type_getOffsetOf(type, pointer);
            }

            if (offsetBits < 0 || offsetBits % 8 != 0)
            {
                throw new InvalidOperationException($"field {name} has no byte offset (clang returned {offsetBits}); "
                    + "bit-fields are not part of a flat C ABI");
            }

            CXType fieldType = clang_getCursorType(field);
            CXType canonical = clang_getCanonicalType(fieldType);
            fields.Add(canonical.Kind == TypeConstantArray
                ? new FieldModel(name, Take(clang_getTypeSpelling(clang_getArrayElementType(fieldType))),
                    offsetBits / 8, clang_getArraySize(canonical))
                : new FieldModel(name, Take(clang_getTypeSpelling(fieldType)), offsetBits / 8));
        }

        return new StructModel(Take(clang_getCursorSpelling(cursor)), clang_Type_getSizeOf(type), fields);
    }

    private static FunctionModel ReadFunction(CXCursor cursor)
    {
        int count = clang_Cursor_getNumArguments(cursor);
        var parameters = new List<ParameterModel>();
        for (uint i = 0; i < count; i++)
        {
            CXCursor argument = clang_Cursor_getArgument(cursor, i);
            parameters.Add(new ParameterModel(Take(clang_getCursorSpelling(argument)),
                Take(clang_getTypeSpelling(clang_getCursorType(argument)))));
        }

        return new FunctionModel(Take(clang_getCursorSpelling(cursor)),
            Take(clang_getTypeSpelling(clang_getCursorResultType(cursor))), parameters);
    }

    /// <summary>Object-like macros whose body is one integer literal (ABI versions, limits); others are
    /// skipped.</summary>
    private static MacroModel? ReadMacro(nint unit, CXCursor cursor)
    {
        if (clang_Cursor_isMacroFunctionLike(cursor) != 0)
        {
            return null;
        }

        CXToken* tokens;
        uint count;
        clang_tokenize(unit, clang_getCursorExtent(cursor), &tokens, &count);
        try
        {
            if (count != 2)
            {
                return null;
            }

            string value = Take(clang_getTokenSpelling(unit, tokens[1]));
            string digits = value.TrimEnd('u', 'U', 'l', 'L');
            return digits.Length > 0 && digits.All(char.IsAsciiDigit)
                ? new MacroModel(Take(clang_getTokenSpelling(unit, tokens[0])), digits)
                : null;
        }
        finally
        {
            clang_disposeTokens(unit, tokens, count);
        }
    }
}
