namespace Moderation.Classifiers.Features;

/// <summary>
/// Maps n-gram hashes to feature indices with open addressing (faster than Dictionary on the hot path).
/// Features are ordered char block first, then word and shape block: index &lt; <see cref="CharCount"/> is a char n-gram.
/// Immutable once built, so any number of threads may read it.
/// </summary>
internal sealed class Vocabulary
{
    private readonly ulong[] _keys;
    private readonly int[] _values;
    private readonly int _mask;

    public Vocabulary(ulong[] hashes, float[] idf, int charCount)
    {
        if (hashes.Length != idf.Length)
        {
            throw new ArgumentException("Every hash needs an IDF weight.", nameof(idf));
        }

        Hashes = hashes;
        Idf = idf;
        CharCount = charCount;
        var capacity = 16;
        while (capacity < hashes.Length * 2)
        {
            capacity <<= 1;
        }

        _keys = new ulong[capacity];
        _values = new int[capacity];
        _mask = capacity - 1;
        for (var i = 0; i < hashes.Length; i++)
        {
            var slot = Slot(hashes[i]);
            while (_keys[slot] != 0)
            {
                if (_keys[slot] == hashes[i])
                {
                    throw new ArgumentException("A hash appears twice in the vocabulary.", nameof(hashes));
                }

                slot = (slot + 1) & _mask;
            }

            _keys[slot] = hashes[i];
            _values[slot] = i;
        }
    }

    public ulong[] Hashes { get; }

    public float[] Idf { get; }

    public int CharCount { get; }

    public int Count => Hashes.Length;

    public int IndexOf(ulong hash)
    {
        var slot = Slot(hash);
        while (true)
        {
            var key = _keys[slot];
            if (key == hash)
            {
                return _values[slot];
            }

            if (key == 0)
            {
                return -1;
            }

            slot = (slot + 1) & _mask;
        }
    }

    private int Slot(ulong hash) => SlotOf(hash, _mask);

    /// <summary>Where a hash starts probing in a table of <paramref name="mask"/> + 1 slots.</summary>
    internal static int SlotOf(ulong hash, int mask) => (int)((hash ^ (hash >> 29)) & (ulong)mask);
}
