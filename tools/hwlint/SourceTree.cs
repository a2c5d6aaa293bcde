using System.Runtime.InteropServices;
using System.Text;
using Edqa.Clang;
using static Edqa.Clang.LibClang;

namespace Edqa.HwLint;

/// <summary>One AST node of a linted file: what libclang says about a cursor, with its parent and children.</summary>
internal sealed class Node
{
    public required int Kind { get; init; }
    public required string Spelling { get; init; }
    public required string File { get; init; }
    public required int Line { get; init; }
    public required int Start { get; init; }  // file offsets of the cursor's extent
    public required int End { get; init; }
    public required string TypeSpelling { get; init; }
    public required int TypeKind { get; init; }  // the canonical type's kind (through typedefs: int32_t is Int)
    public required string PointeeSpelling { get; init; }  // for pointer and reference types, else ""
    public string CanonicalType { get; init; } = string.Empty;  // declarations: e.g. "sc_dt::sc_uint<13>"
    public long ArraySize { get; init; } = -1;                  // a constant-size array declaration: its elements
    public string ArrayElementType { get; init; } = string.Empty;  // and their canonical type
    public Node? Parent { get; set; }
    public List<Node> Children { get; } = [];

    /// <summary>What the node refers to (a call's function, a member reference's member), if anything.</summary>
    public Reference? Referenced { get; init; }

    /// <summary>For an expression clang can fold to an integer: true, and its value.</summary>
    public bool IsIntegerConstant { get; init; }

    public long IntegerValue { get; init; }

    /// <summary>For an expression clang can fold to an integer or a floating-point value: true.</summary>
    public bool IsConstant { get; init; }

    /// <summary>A loop whose own tokens (not a nested loop's) hold HLS_PRAGMA(PIPELINE ...).</summary>
    public bool IsPipelined { get; set; }

    /// <summary>A loop whose own tokens hold HLS_PRAGMA(UNROLL ...).</summary>
    public bool IsUnrolled { get; set; }

    /// <summary>A loop whose own tokens hold HLS_PRAGMA(LOOP_TRIPCOUNT ...).</summary>
    public bool HasTripCount { get; set; }

    /// <summary>A method declared virtual.</summary>
    public bool IsVirtual { get; init; }

    /// <summary>A function or method with a body here.</summary>
    public bool IsDefinition { get; init; }

    public string Usr { get; init; } = string.Empty;

    /// <summary>The operator of a binary or compound-assignment expression (its first token after the left
    /// operand).</summary>
    public string Operator { get; set; } = string.Empty;

    public IEnumerable<Node> Descendants()
    {
        foreach (Node child in Children)
        {
            yield return child;
            foreach (Node below in child.Descendants())
            {
                yield return below;
            }
        }
    }

    public IEnumerable<Node> Ancestors()
    {
        for (Node? node = Parent; node is not null; node = node.Parent)
        {
            yield return node;
        }
    }
}

/// <summary>The declaration a node refers to: its kind, name, USR and the name of its semantic parent (a class,
/// a namespace), and whether it lies inside namespace std.</summary>
internal sealed record Reference(int Kind, string Spelling, string Usr, string Parent, bool InStd, string TypeSpelling);

/// <summary>A token of a linted file, with its file offset.</summary>
internal readonly record struct Token(string Text, int Offset);

/// <summary>
/// A translation unit parsed as Vivado HLS sees it (__SYNTHESIS__ defined, so simulation-only blocks are gone), with
/// the AST of every file under <see cref="Root"/> as managed <see cref="Node"/>s and the tokens of those files
/// (pragmas are tokens, not AST).
/// </summary>
internal sealed unsafe class SourceTree
{
    // CXCursorKind values (clang-c/Index.h, LLVM 14).
    public const int StructDecl = 2;
    public const int ClassDecl = 4;
    public const int FieldDecl = 6;
    public const int FunctionDecl = 8;
    public const int VarDecl = 9;
    public const int TypedefDecl = 20;
    public const int TypeAliasDecl = 36;
    public const int ParmDecl = 10;
    public const int CXXMethod = 21;
    public const int Namespace = 22;
    public const int Constructor = 24;
    public const int FunctionTemplate = 30;
    public const int ClassTemplate = 31;
    public const int TypeRef = 43;
    public const int CXXBaseSpecifier = 44;
    public const int TemplateRef = 45;
    public const int NamespaceRef = 46;
    public const int MemberRef = 47;
    public const int UnexposedExpr = 100;
    public const int DeclRefExpr = 101;
    public const int MemberRefExpr = 102;
    public const int CallExpr = 103;
    public const int ArraySubscriptExpr = 113;
    public const int UnaryOperator = 112;
    public const int BinaryOperator = 114;
    public const int CompoundAssignOperator = 115;
    public const int CStyleCastExpr = 117;
    public const int CXXStaticCastExpr = 124;
    public const int CXXThrowExpr = 133;
    public const int CXXNewExpr = 134;
    public const int CXXDeleteExpr = 135;
    public const int LabelStmt = 201;
    public const int WhileStmt = 207;
    public const int DoStmt = 208;
    public const int ForStmt = 209;
    public const int GotoStmt = 210;
    public const int CXXCatchStmt = 223;
    public const int CXXTryStmt = 224;
    public const int CXXForRangeStmt = 225;
    public const int TranslationUnit = 300;
    public const int InclusionDirective = 503;

    private SourceTree(string root, List<Node> nodes, Dictionary<string, List<Token>> tokens, List<string> diagnostics)
    {
        Root = root;
        TopLevel = nodes;
        Tokens = tokens;
        Diagnostics = diagnostics;
    }

    public string Root { get; }

    public IReadOnlyList<Node> TopLevel { get; }

    public IReadOnlyDictionary<string, List<Token>> Tokens { get; }

    /// <summary>Errors clang reported: code that does not compile cannot be linted.</summary>
    public IReadOnlyList<string> Diagnostics { get; }

    public IEnumerable<Node> All() => TopLevel.SelectMany(n => new[] { n }.Concat(n.Descendants()));

    public static SourceTree Parse(string source, string root, IEnumerable<string> includeDirectories)
    {
        root = Path.GetFullPath(root);
        string[] arguments =
        [
            "-x", "c++", "-std=c++11", "-D__SYNTHESIS__", "-Wno-unknown-pragmas",
            .. includeDirectories.Select(d => "-I" + d),
        ];
        nint index = clang_createIndex(0, 0);
        nint unit = ParseTranslationUnit(index, source, arguments, DetailedPreprocessingRecord);
        try
        {
            var diagnostics = new List<string>();
            uint count = clang_getNumDiagnostics(unit);
            for (uint i = 0; i < count; i++)
            {
                nint diagnostic = clang_getDiagnostic(unit, i);
                string text = Take(clang_formatDiagnostic(diagnostic, 0x1 | 0x2));
                clang_disposeDiagnostic(diagnostic);
                if (text.Contains("error", StringComparison.Ordinal))
                {
                    diagnostics.Add(text);
                }
            }

            var nodes = new List<Node>();
            var tokens = new Dictionary<string, List<Token>>();
            foreach (CXCursor child in Children(clang_getTranslationUnitCursor(unit)))
            {
                Node? node = Build(unit, child, root, null);
                if (node is not null)
                {
                    nodes.Add(node);
                    AddTokens(unit, child, node.File, tokens);
                }
            }

            // Top-level cursors overlap (a macro expansion inside a namespace is one of each): one token per offset.
            foreach (string file in tokens.Keys.ToList())
            {
                tokens[file] = tokens[file].DistinctBy(t => t.Offset).OrderBy(t => t.Offset).ToList();
            }

            var tree = new SourceTree(root, nodes, tokens, diagnostics);
            tree.MarkLoopPragmas();
            return tree;
        }
        finally
        {
            clang_disposeTranslationUnit(unit);
            clang_disposeIndex(index);
        }
    }

    public static bool IsLoop(Node node) => node.Kind is ForStmt or WhileStmt or DoStmt or CXXForRangeStmt;

    /// <summary>Pragmas are tokens, not AST: a PIPELINE or LOOP_TRIPCOUNT pragma belongs to the innermost loop
    /// around it.</summary>
    private void MarkLoopPragmas()
    {
        var loops = All().Where(IsLoop).ToList();
        foreach ((string file, List<Token> list) in Tokens)
        {
            for (int i = 0; i + 2 < list.Count; i++)
            {
                if (list[i].Text != "HLS_PRAGMA" || list[i + 1].Text != "("
                    || list[i + 2].Text is not ("PIPELINE" or "LOOP_TRIPCOUNT" or "UNROLL"))
                {
                    continue;
                }

                int at = list[i].Offset;
                Node? innermost = loops.Where(l => l.File == file && l.Start <= at && at < l.End)
                    .MinBy(l => l.End - l.Start);
                if (innermost is not null && list[i + 2].Text == "PIPELINE")
                {
                    innermost.IsPipelined = true;
                }
                else if (innermost is not null && list[i + 2].Text == "UNROLL")
                {
                    innermost.IsUnrolled = true;
                }
                else if (innermost is not null)
                {
                    innermost.HasTripCount = true;
                }
            }
        }
    }

    /// <summary>The tokens of a file between two offsets.</summary>
    public IEnumerable<Token> TokensIn(string file, int start, int end) =>
        Tokens.TryGetValue(file, out List<Token>? list) ? list.Where(t => t.Offset >= start && t.Offset < end) : [];

    private static (string File, int Line, int Offset) Where(CXSourceLocation location)
    {
        nint file;
        uint line, column, offset;
        clang_getSpellingLocation(location, &file, &line, &column, &offset);
        string name = file == 0 ? string.Empty : Path.GetFullPath(Take(clang_getFileName(file)));
        return (name, (int)line, (int)offset);
    }

    private static bool Under(string file, string root) =>
        file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || file == root;

    private static Node? Build(nint unit, CXCursor cursor, string root, Node? parent)
    {
        (string file, int line, int _) = Where(clang_getCursorLocation(cursor));
        if (!Under(file, root))
        {
            return null;
        }

        CXSourceRange extent = clang_getCursorExtent(cursor);
        int start = Where(clang_getRangeStart(extent)).Offset;
        int end = Where(clang_getRangeEnd(extent)).Offset;
        int kind = clang_getCursorKind(cursor);
        CXType type = clang_getCursorType(cursor);
        string pointee = type.Kind is TypePointer or TypeLValueReference or TypeRValueReference
            ? Take(clang_getTypeSpelling(clang_getPointeeType(type)))
            : string.Empty;
        bool declaration = kind is FieldDecl or VarDecl;
        CXType canonical = clang_getCanonicalType(type);
        bool array = declaration && canonical.Kind == TypeConstantArray;
        (int evaluated, long value) = kind is >= 100 and < 200 ? Evaluates(cursor) : (0, 0);  // expressions only
        var node = new Node
        {
            Kind = kind,
            Spelling = Take(clang_getCursorSpelling(cursor)),
            File = file,
            Line = line,
            Start = start,
            End = end,
            TypeSpelling = Take(clang_getTypeSpelling(type)),
            TypeKind = canonical.Kind,
            PointeeSpelling = pointee,
            CanonicalType = declaration ? Take(clang_getTypeSpelling(canonical)) : string.Empty,
            ArraySize = array ? clang_getArraySize(canonical) : -1,
            ArrayElementType = array
                ? Take(clang_getTypeSpelling(clang_getCanonicalType(clang_getArrayElementType(canonical))))
                : string.Empty,
            Parent = parent,
            Referenced = ReferenceOf(cursor, kind),
            IsIntegerConstant = evaluated == EvalInt,
            IntegerValue = value,
            IsConstant = evaluated is EvalInt or EvalFloat,
            IsVirtual = kind == CXXMethod && clang_CXXMethod_isVirtual(cursor) != 0,
            IsDefinition = clang_isCursorDefinition(cursor) != 0,
            Usr = kind is FunctionDecl or CXXMethod or Constructor or FunctionTemplate
                ? Take(clang_getCursorUSR(cursor))
                : string.Empty,
        };
        foreach (CXCursor child in Children(cursor))
        {
            Node? built = Build(unit, child, root, node);
            if (built is not null)
            {
                node.Children.Add(built);
            }
        }

        if (kind is BinaryOperator or CompoundAssignOperator && node.Children.Count == 2)
        {
            node.Operator = OperatorAfter(unit, cursor, node.Children[0].End);
        }
        else if (kind == UnaryOperator)
        {
            node.Operator = OperatorAfter(unit, cursor, start);  // prefix operators: the first token
        }

        return node;
    }

    private static Reference? ReferenceOf(CXCursor cursor, int kind)
    {
        if (kind is not (DeclRefExpr or MemberRefExpr or CallExpr or NamespaceRef or TypeRef or TemplateRef
            or MemberRef))
        {
            return null;
        }

        CXCursor referenced = clang_getCursorReferenced(cursor);
        if (clang_Cursor_isNull(referenced) != 0)
        {
            return null;
        }

        CXCursor semanticParent = clang_getCursorSemanticParent(referenced);
        bool inStd = false;
        for (CXCursor p = referenced;
            clang_Cursor_isNull(p) == 0 && clang_getCursorKind(p) != TranslationUnit;
            p = clang_getCursorSemanticParent(p))
        {
            if (clang_getCursorKind(p) == Namespace && Take(clang_getCursorSpelling(p)) == "std")
            {
                inStd = true;
                break;
            }
        }

        return new Reference(clang_getCursorKind(referenced), Take(clang_getCursorSpelling(referenced)),
            Take(clang_getCursorUSR(referenced)),
            clang_Cursor_isNull(semanticParent) != 0 ? string.Empty : Take(clang_getCursorSpelling(semanticParent)),
            inStd,
            Take(clang_getTypeSpelling(clang_getCursorType(referenced))));
    }

    /// <summary>The CXEvalResultKind of folding an expression (0 when it does not fold) and, for an integer, its
    /// value.</summary>
    private static (int Kind, long Value) Evaluates(CXCursor cursor)
    {
        nint result = clang_Cursor_Evaluate(cursor);
        if (result == 0)
        {
            return (0, 0);
        }

        int kind = clang_EvalResult_getKind(result);
        long value = kind == EvalInt ? clang_EvalResult_getAsLongLong(result) : 0;
        clang_EvalResult_dispose(result);
        return (kind, value);
    }

    /// <summary>The first punctuation token of an expression at or after <paramref name="offset"/>.</summary>
    private static string OperatorAfter(nint unit, CXCursor cursor, int offset)
    {
        CXToken* tokens;
        uint count;
        clang_tokenize(unit, clang_getCursorExtent(cursor), &tokens, &count);
        try
        {
            for (uint i = 0; i < count; i++)
            {
                if (clang_getTokenKind(tokens[i]) == 0
                    && Where(clang_getRangeStart(clang_getTokenExtent(unit, tokens[i]))).Offset >= offset)
                {
                    return Take(clang_getTokenSpelling(unit, tokens[i]));
                }
            }

            return string.Empty;
        }
        finally
        {
            clang_disposeTokens(unit, tokens, count);
        }
    }

    private static void AddTokens(nint unit, CXCursor cursor, string file, Dictionary<string, List<Token>> tokens)
    {
        CXToken* list;
        uint count;
        clang_tokenize(unit, clang_getCursorExtent(cursor), &list, &count);
        try
        {
            if (!tokens.TryGetValue(file, out List<Token>? into))
            {
                tokens[file] = into = [];
            }

            for (uint i = 0; i < count; i++)
            {
                into.Add(new Token(Take(clang_getTokenSpelling(unit, list[i])),
                    Where(clang_getRangeStart(clang_getTokenExtent(unit, list[i]))).Offset));
            }
        }
        finally
        {
            clang_disposeTokens(unit, list, count);
        }
    }
}
