using System.Runtime.InteropServices;

namespace Edqa.Clang;

/// <summary>The part of libclang's C API (clang-c/Index.h, LLVM 14) that the bindings generator and the hardware
/// lint use. Debian's libclang-14 ships its builtin headers, so size_t and friends resolve.</summary>
internal static unsafe partial class LibClang
{
    private const string Library = "libclang-14.so.1";

    // CXCursorKind values.
    public const int StructDecl = 2;
    public const int EnumDecl = 5;
    public const int FieldDecl = 6;
    public const int EnumConstantDecl = 7;
    public const int FunctionDecl = 8;
    public const int TypedefDecl = 20;
    public const int MacroDefinition = 501;

    // CXTranslationUnit_Flags.
    public const uint DetailedPreprocessingRecord = 0x01;
    public const uint SkipFunctionBodies = 0x40;

    // CXChildVisitResult.
    public const int Continue = 1;

    // CXTypeKind values.
    public const int TypePointer = 101;
    public const int TypeLValueReference = 103;
    public const int TypeRValueReference = 104;
    public const int TypeConstantArray = 112;
    public const int TypeFloat = 21;
    public const int TypeDouble = 22;
    public const int TypeLongDouble = 23;

    // CXEvalResultKind.
    public const int EvalInt = 1;
    public const int EvalFloat = 2;

    [StructLayout(LayoutKind.Sequential)]
    public struct CXCursor
    {
        public int Kind;
        public int XData;
        public nint Data0;
        public nint Data1;
        public nint Data2;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CXType
    {
        public int Kind;
        public nint Data0;
        public nint Data1;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CXString
    {
        public nint Data;
        public uint PrivateFlags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CXSourceLocation
    {
        public nint PointerData0;
        public nint PointerData1;
        public uint IntData;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CXSourceRange
    {
        public nint PointerData0;
        public nint PointerData1;
        public uint BeginIntData;
        public uint EndIntData;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CXToken
    {
        public uint IntData0;
        public uint IntData1;
        public uint IntData2;
        public uint IntData3;
        public nint PointerData;
    }

    [LibraryImport(Library)]
    public static partial nint clang_createIndex(int excludeDeclarationsFromPch, int displayDiagnostics);

    [LibraryImport(Library)]
    public static partial void clang_disposeIndex(nint index);

    [LibraryImport(Library)]
    public static partial nint clang_parseTranslationUnit(nint index, byte* sourceFilename, byte** commandLineArgs,
        int numCommandLineArgs, nint unsavedFiles, uint numUnsavedFiles, uint options);

    [LibraryImport(Library)]
    public static partial void clang_disposeTranslationUnit(nint unit);

    [LibraryImport(Library)]
    public static partial uint clang_getNumDiagnostics(nint unit);

    [LibraryImport(Library)]
    public static partial nint clang_getDiagnostic(nint unit, uint index);

    [LibraryImport(Library)]
    public static partial CXString clang_formatDiagnostic(nint diagnostic, uint options);

    [LibraryImport(Library)]
    public static partial void clang_disposeDiagnostic(nint diagnostic);

    [LibraryImport(Library)]
    public static partial CXCursor clang_getTranslationUnitCursor(nint unit);

    [LibraryImport(Library)]
    public static partial uint clang_visitChildren(
        CXCursor parent, delegate* unmanaged<CXCursor, CXCursor, nint, int> visitor, nint clientData);

    [LibraryImport(Library)]
    public static partial int clang_getCursorKind(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial CXString clang_getCursorSpelling(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial CXSourceLocation clang_getCursorLocation(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial int clang_Location_isFromMainFile(CXSourceLocation location);

    [LibraryImport(Library)]
    public static partial CXType clang_getCursorType(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial CXType clang_getCursorResultType(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial int clang_Cursor_getNumArguments(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial CXCursor clang_Cursor_getArgument(CXCursor cursor, uint index);

    [LibraryImport(Library)]
    public static partial CXString clang_getTypeSpelling(CXType type);

    [LibraryImport(Library)]
    public static partial long clang_Type_getSizeOf(CXType type);

    [LibraryImport(Library)]
    public static partial long clang_Type_getOffsetOf(CXType type, byte* field);

    [LibraryImport(Library)]
    public static partial long clang_getEnumConstantDeclValue(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial CXType clang_getTypedefDeclUnderlyingType(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial CXType clang_getEnumDeclIntegerType(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial int clang_Cursor_isMacroFunctionLike(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial CXSourceRange clang_getCursorExtent(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial void clang_tokenize(nint unit, CXSourceRange range, CXToken** tokens, uint* numTokens);

    [LibraryImport(Library)]
    public static partial CXString clang_getTokenSpelling(nint unit, CXToken token);

    [LibraryImport(Library)]
    public static partial void clang_disposeTokens(nint unit, CXToken* tokens, uint numTokens);

    [LibraryImport(Library)]
    public static partial CXCursor clang_getCursorReferenced(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial CXCursor clang_getCursorSemanticParent(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial CXString clang_getCursorUSR(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial uint clang_isCursorDefinition(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial uint clang_CXXMethod_isVirtual(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial int clang_Cursor_isNull(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial nint clang_Cursor_Evaluate(CXCursor cursor);

    [LibraryImport(Library)]
    public static partial int clang_EvalResult_getKind(nint result);

    [LibraryImport(Library)]
    public static partial void clang_EvalResult_dispose(nint result);

    [LibraryImport(Library)]
    public static partial long clang_EvalResult_getAsLongLong(nint result);

    [LibraryImport(Library)]
    public static partial CXType clang_getPointeeType(CXType type);

    [LibraryImport(Library)]
    public static partial CXType clang_getCanonicalType(CXType type);

    [LibraryImport(Library)]
    public static partial long clang_getArraySize(CXType type);

    [LibraryImport(Library)]
    public static partial CXType clang_getArrayElementType(CXType type);

    [LibraryImport(Library)]
    public static partial CXSourceLocation clang_getRangeStart(CXSourceRange range);

    [LibraryImport(Library)]
    public static partial CXSourceLocation clang_getRangeEnd(CXSourceRange range);

    [LibraryImport(Library)]
    public static partial void clang_getSpellingLocation(
        CXSourceLocation location, nint* file, uint* line, uint* column, uint* offset);

    [LibraryImport(Library)]
    public static partial CXString clang_getFileName(nint file);

    [LibraryImport(Library)]
    public static partial CXSourceRange clang_getTokenExtent(nint unit, CXToken token);

    [LibraryImport(Library)]
    public static partial int clang_getTokenKind(CXToken token);

    [LibraryImport(Library)]
    public static partial byte* clang_getCString(CXString text);

    [LibraryImport(Library)]
    public static partial void clang_disposeString(CXString text);

    /// <summary>Copies a CXString into a managed string and frees it.</summary>
    public static string Take(CXString text)
    {
        string value = Marshal.PtrToStringUTF8((nint)clang_getCString(text)) ?? string.Empty;
        clang_disposeString(text);
        return value;
    }

    /// <summary>Parses <paramref name="path"/> with clang command-line <paramref name="arguments"/>; throws when
    /// libclang cannot (its diagnostics are the caller's to read).</summary>
    public static nint ParseTranslationUnit(nint index, string path, string[] arguments, uint options)
    {
        byte[] file = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        var handles = arguments
            .Select(a => GCHandle.Alloc(System.Text.Encoding.UTF8.GetBytes(a + "\0"), GCHandleType.Pinned)).ToArray();
        try
        {
            nint[] pointers = handles.Select(h => h.AddrOfPinnedObject()).ToArray();
            fixed (byte* filePointer = file)
            fixed (nint* argumentPointers = pointers)
            {
                nint unit = clang_parseTranslationUnit(index, filePointer, (byte**)argumentPointers, pointers.Length,
                    0, 0, options);
                return unit != 0 ? unit : throw new InvalidOperationException($"libclang could not parse {path}");
            }
        }
        finally
        {
            foreach (GCHandle handle in handles)
            {
                handle.Free();
            }
        }
    }

    [ThreadStatic]
    private static List<CXCursor>? t_children;

    /// <summary>The direct children of a cursor, in source order.</summary>
    public static List<CXCursor> Children(CXCursor parent)
    {
        var children = new List<CXCursor>();
        List<CXCursor>? outer = t_children;
        t_children = children;
        try
        {
            // non-zero only when a visitor breaks, which this one never does
            _ = clang_visitChildren(parent, &CollectChild, 0);
        }
        finally
        {
            t_children = outer;
        }

        return children;
    }

    [UnmanagedCallersOnly]
    private static int CollectChild(CXCursor cursor, CXCursor parent, nint clientData)
    {
        t_children!.Add(cursor);
        return Continue;
    }
}
