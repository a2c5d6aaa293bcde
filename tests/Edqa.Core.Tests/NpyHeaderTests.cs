using System.Buffers.Binary;
using System.Text;
using Edqa.Core.Io;

namespace Edqa.Core.Tests;

/// <summary>
/// Issue 26, item 12: the .npy header is a Python dict literal and is parsed as one, as numpy reads it: a repeated
/// key takes its last value, a key's name inside another key's string is text, not an entry, and anything that is
/// not a dict literal is refused.
/// </summary>
public sealed class NpyHeaderTests
{
    /// <summary>A version 1.0 file with this header text and <paramref name="floats"/> float32 values.</summary>
    private static byte[] File(string dict, int floats)
    {
        string header = dict + "\n";
        var bytes = new byte[10 + header.Length + (4 * floats)];
        bytes[0] = 0x93;
        "NUMPY"u8.ToArray().CopyTo(bytes, 1);
        bytes[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header, bytes.AsSpan(10));
        return bytes;
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 6)]
    [InlineData("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (6,)}", 6)]
    [InlineData("{'shape': (2, 3), 'fortran_order': True, 'fortran_order': False, 'descr': '<f4'}", 6)]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }", 6)]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 1)]
    [InlineData("{'descr': '<f4', 'note': \"'shape': (9, 9)\", 'fortran_order': False, 'shape': (0, 5), }", 0)]
    [InlineData("{ 'descr' : '<f4' , 'fortran_order' : False , 'shape' : ( 2 , 3 , ) }", 6)]
    public void Headers_numpy_reads_are_read_as_numpy_reads_them(string dict, int floats)
    {
        NpyArray array = NpyFile.Parse(File(dict, floats));
        Assert.Equal(floats, array.Data.Length);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", "float64")]
    [InlineData("{'x': \"'descr': '<f4'\", 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}", "float64")]
    [InlineData("{'x': \"'descr': '<f4'\", 'fortran_order': False, 'shape': (2, 3)}", "'descr'")]
    [InlineData("{'descr': '<f4', 'x': \"'fortran_order': False\", 'fortran_order': True, 'shape': (2, 3)}",
        "Fortran")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)", "dict")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} trailing", "after the dict")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3]}", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}", "fortran_order")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2, 3)}", "descr")]
    [InlineData("{'descr: '<f4', 'fortran_order': False, 'shape': (2, 3)}", "npy")]
    [InlineData("", "dict")]
    public void Headers_that_are_not_the_dict_numpy_writes_are_refused(string dict, string message)
    {
        var e = Assert.Throws<EdqaFormatException>(() => NpyFile.Parse(File(dict, 6)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_deep_or_long_header_ends_quickly_with_a_refusal()
    {
        // A v1.0 header is at most 65,535 bytes: nesting and repetition within it are refused or read linearly.
        string nested = "{'descr': '<f4', 'x': " + new string('(', 30000) + new string(')', 30000) + "}";
        Assert.Throws<EdqaFormatException>(() => NpyFile.Parse(File(nested, 6)));
        string repeated = "{" + string.Concat(Enumerable.Repeat("'descr': '<f4', ", 3000))
            + "'fortran_order': False, 'shape': (2, 3)}";
        Assert.Equal(6, NpyFile.Parse(File(repeated, 6)).Data.Length);
    }
}
