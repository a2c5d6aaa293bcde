using System.Buffers.Binary;
using System.Text;
using Edqa.Core.Container;

namespace Edqa.Core.Jobs;

/// <summary>
/// What the job stream and the result stream share (docs/spec.md §11): a 16-byte header (magic, version, reserved,
/// count, CRC-32C), little-endian 32-bit fields, texts as a byte count and UTF-8 zero-padded to whole words, and a
/// CRC-32C after every job.
/// </summary>
internal static class StreamFormat
{
    /// <summary>The job stream's newest version (docs/spec.md §11.1): 4 carries each eDQA record's code coding and a
    /// job's codes' static code, and is written only for a stream that uses them; 3, written otherwise, carries each
    /// record's grid; version 2, still read, had none (the signed grid).</summary>
    public const ushort JobVersion = 4;

    /// <summary>The version of a job stream without code coding.</summary>
    public const ushort JobVersion3 = 3;

    /// <summary>The oldest job stream version read.</summary>
    public const ushort OldestJobVersion = 2;

    /// <summary>The result stream's version: 3 carries each job's counter count (its accelerator's counter rows);
    /// version 2, still read, had five fixed counters a record.</summary>
    public const ushort ResultVersion = 3;

    public const int HeaderBytes = 16;

    /// <summary>Longest job label, in UTF-8 bytes.</summary>
    public const int MaxLabelBytes = 255;

    /// <summary>Longest record message, in UTF-8 bytes (the native side truncates longer ones).</summary>
    public const int MaxMessageBytes = 1023;

    /// <summary>Most records in one job: a layer of 2^24 records is far beyond any network here.</summary>
    public const int MaxRecordsPerJob = 1 << 24;

    public static int TextWords(int bytes) => (bytes + 3) / 4;

    /// <summary>Accumulates a stream's bytes; fields are appended in spec order.</summary>
    public sealed class Writer
    {
        private byte[] _bytes = new byte[256];

        public int Length { get; private set; }

        public void U32(uint value)
        {
            Reserve(4);
            BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(Length), value);
            Length += 4;
        }

        public void Header(ReadOnlySpan<byte> magic, ushort version, int count)
        {
            Reserve(HeaderBytes);
            magic.CopyTo(_bytes.AsSpan(Length));
            BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(Length + 4), version);
            BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(Length + 6), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(Length + 8), (uint)count);
            Length += 12;
            U32(Crc32C.Compute(_bytes.AsSpan(Length - 12, 12)));
        }

        public void Words(ReadOnlySpan<uint> words)
        {
            Reserve(4L * words.Length);
            foreach (uint word in words)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(Length), word);
                Length += 4;
            }
        }

        /// <summary>A byte count and the UTF-8 bytes, zero-padded to a whole word.</summary>
        public void Text(string text, int maxBytes, string what)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            if (utf8.Length > maxBytes)
            {
                throw new ArgumentException($"{what} has {utf8.Length} UTF-8 bytes; at most {maxBytes} fit");
            }

            U32((uint)utf8.Length);
            Reserve(4L * TextWords(utf8.Length));
            utf8.CopyTo(_bytes.AsSpan(Length));
            _bytes.AsSpan(Length + utf8.Length, (4 * TextWords(utf8.Length)) - utf8.Length).Clear();
            Length += 4 * TextWords(utf8.Length);
        }

        /// <summary>The CRC-32C of the bytes from <paramref name="start"/> to here.</summary>
        public void Crc(int start) => U32(Crc32C.Compute(_bytes.AsSpan(start, Length - start)));

        public byte[] ToArray() => _bytes.AsSpan(0, Length).ToArray();

        private void Reserve(long count)
        {
            if (Length + count > Array.MaxLength)
            {
                throw new ArgumentException($"the stream would exceed {Array.MaxLength} bytes");
            }

            if (Length + count > _bytes.Length)
            {
                Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(Length + count, 2L * _bytes.Length)));
            }
        }
    }

    /// <summary>Bounds-checked reading that names the field: running off the end, a bad value or a bad CRC is an
    /// <see cref="EdqaFormatException"/>, never an index error or an allocation of a size nobody checked.</summary>
    public ref struct Reader(ReadOnlySpan<byte> data, string stream)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Offset { get; private set; }

        public readonly int Remaining => _data.Length - Offset;

        /// <summary>Reads the header of a stream of versions <paramref name="oldest"/> to <paramref name="newest"/>;
        /// returns the count and the stream's version.</summary>
        public (int Count, ushort Version) Header(ReadOnlySpan<byte> magic, string kind, ushort oldest, ushort newest)
        {
            if (_data.Length < HeaderBytes || !_data[..4].SequenceEqual(magic))
            {
                throw Error($"header: magic is not \"{Encoding.ASCII.GetString(magic)}\"; this is not {kind}");
            }

            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(_data[4..]);
            if (version < oldest || version > newest)
            {
                string hint = version == 1
                    ? ": version 1 was written before record modes (spec §4.2); save it again"
                    : string.Empty;
                string reads = oldest == newest ? $"version {newest}" : $"versions {oldest} to {newest}";
                throw Error($"header: version {version} is not supported (this reader reads {reads}){hint}");
            }

            if (BinaryPrimitives.ReadUInt16LittleEndian(_data[6..]) != 0)
            {
                throw Error("header: the reserved field is not 0");
            }

            uint count = BinaryPrimitives.ReadUInt32LittleEndian(_data[8..]);
            uint stored = BinaryPrimitives.ReadUInt32LittleEndian(_data[12..]);
            uint actual = Crc32C.Compute(_data[..12]);
            if (stored != actual)
            {
                throw Error(
                    $"header: CRC-32C is 0x{stored:X8} but the header bytes give 0x{actual:X8}; the "
                    + $"header is corrupted");
            }

            Offset = HeaderBytes;
            if (count > int.MaxValue)
            {
                throw Error($"header: {count} jobs is more than a stream holds");
            }

            return ((int)count, version);
        }

        public uint U32(string field)
        {
            if (Remaining < 4)
            {
                throw Error($"{field}: truncated at byte {Offset} of {_data.Length}");
            }

            uint value = BinaryPrimitives.ReadUInt32LittleEndian(_data[Offset..]);
            Offset += 4;
            return value;
        }

        /// <summary>A field that must lie in [min, max].</summary>
        public uint U32(string field, uint min, uint max)
        {
            uint value = U32(field);
            if (value < min || value > max)
            {
                throw Error($"{field} is {value}; it must be in [{min}, {max}]");
            }

            return value;
        }

        /// <summary>Checks that <paramref name="words"/> more words exist before anything is allocated for
        /// them.</summary>
        public readonly void Require(long words, string what)
        {
            if (words * 4 > Remaining)
            {
                throw Error($"{what}: truncated: {words} words needed at byte {Offset}, {Remaining} bytes remain");
            }
        }

        public uint[] Words(long count, string what)
        {
            Require(count, what);
            var words = new uint[count];
            for (int i = 0; i < words.Length; i++)
            {
                words[i] = BinaryPrimitives.ReadUInt32LittleEndian(_data[(Offset + (4 * i))..]);
            }

            Offset += 4 * words.Length;
            return words;
        }

        public string Text(int maxBytes, string what)
        {
            int bytes = (int)U32($"{what} length", 0, (uint)maxBytes);
            Require(TextWords(bytes), what);
            ReadOnlySpan<byte> field = _data.Slice(Offset, 4 * TextWords(bytes));
            if (field[bytes..].ContainsAnyExcept((byte)0))
            {
                throw Error($"{what}: padding bytes after the text are not zero");
            }

            string text;
            try
            {
                text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
                    .GetString(field[..bytes]);
            }
            catch (DecoderFallbackException)
            {
                throw Error($"{what}: not valid UTF-8");
            }

            Offset += field.Length;
            return text;
        }

        /// <summary>Reads the CRC-32C stored after the bytes from <paramref name="start"/> and checks it.</summary>
        public void Crc(int start, string what)
        {
            int end = Offset;
            uint stored = U32($"{what} CRC-32C");
            uint actual = Crc32C.Compute(_data[start..end]);
            if (stored != actual)
            {
                throw Error($"{what}: CRC-32C is 0x{stored:X8} but its bytes give 0x{actual:X8}; it is corrupted");
            }
        }

        public readonly void End()
        {
            if (Remaining != 0)
            {
                throw Error($"{Remaining} bytes follow the last job");
            }
        }

        public readonly EdqaFormatException Error(string message) => new($"{stream}: {message}");
    }
}
