using Splp.Contracts.Kependudukan;

namespace Splp.Gateway.ExchangeLog;

/// <summary>One data subject an exchange touched: the NIK masked to its region code and its keyed hash.</summary>
internal readonly record struct ExchangeSubject(string Masked, string Key);

/// <summary>
/// Collects the NIKs an exchange touched — in its path, query, request body and response body — as
/// <see cref="ExchangeSubject"/>s: any run of exactly 16 ASCII digits that is a valid NIK (family-card numbers share
/// the format and are collected too). At most <see cref="Max"/> distinct subjects per exchange.
/// </summary>
internal sealed class ExchangeSubjects(SubjectKey key)
{
    public const int Max = 32;

    private List<ExchangeSubject>? _subjects;

    public IReadOnlyList<ExchangeSubject> Subjects => (IReadOnlyList<ExchangeSubject>?)_subjects ?? [];

    public bool Truncated { get; private set; }

    /// <summary>Scans a whole string (path, query).</summary>
    public void Scan(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var start = span[i..].IndexOfAnyInRange('0', '9');
            if (start < 0)
            {
                return;
            }

            start += i;
            var length = span[start..].IndexOfAnyExceptInRange('0', '9');
            length = length < 0 ? span.Length - start : length;
            if (length == Nik.Length)
            {
                Add(span.Slice(start, Nik.Length));
            }

            i = start + length;
        }
    }

    public void Add(ReadOnlySpan<char> digits)
    {
        if (!Nik.TryParse(digits, out var nik))
        {
            return;
        }

        var hash = key.Hash(nik);
        _subjects ??= [];
        foreach (var s in _subjects)
        {
            if (s.Key == hash)
            {
                return;
            }
        }

        if (_subjects.Count >= Max)
        {
            Truncated = true;
            return;
        }

        _subjects.Add(new ExchangeSubject(nik.Masked, hash));
    }

    /// <summary>A scanner for one byte stream (a body), carrying a digit run across chunks.</summary>
    public ByteScanner ForStream() => new(this);

    internal sealed class ByteScanner(ExchangeSubjects owner)
    {
        private readonly char[] _run = new char[Nik.Length];
        private int _length;

        public void Scan(ReadOnlySpan<byte> chunk)
        {
            var i = 0;
            while (i < chunk.Length)
            {
                if (_length == 0)
                {
                    var start = chunk[i..].IndexOfAnyInRange((byte)'0', (byte)'9');
                    if (start < 0)
                    {
                        return;
                    }

                    i += start;
                }

                var digits = chunk[i..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
                var count = digits < 0 ? chunk.Length - i : digits;
                for (var k = 0; k < count; k++)
                {
                    if (_length < Nik.Length)
                    {
                        _run[_length] = (char)chunk[i + k];
                    }

                    _length++;
                }

                i += count;
                if (digits >= 0)
                {
                    End();
                    i++;
                }
            }
        }

        /// <summary>Closes a run at the end of the stream.</summary>
        public void End()
        {
            if (_length == Nik.Length)
            {
                owner.Add(_run);
            }

            _length = 0;
        }
    }
}
