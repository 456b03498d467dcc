namespace ImapTools.Common.CommandLine;

/// <summary>
/// The letters a tool accepts, from a Perl getopts string such as <c>"dS:D:L:"</c>: a letter followed by <c>:</c> takes a
/// value. As in Getopt::Std, the first occurrence of a duplicated letter decides whether it takes a value.
/// </summary>
public sealed class GetoptsSpec
{
    private readonly Dictionary<char, bool> _letters = [];
    private readonly HashSet<char> _optionalValue = [];

    /// <summary>Parses <paramref name="getopts"/>.</summary>
    /// <param name="getopts">The Perl getopts string.</param>
    /// <param name="optionalValueLetters">
    /// Boolean letters that take the next argument as a value when it does not start with <c>-</c> (imapcopy's
    /// <c>-z "SEARCH"</c>, which the guide documents but the original parsed as a switch).
    /// </param>
    public GetoptsSpec(string getopts, string optionalValueLetters = "")
    {
        for (int i = 0; i < getopts.Length; i++)
        {
            char c = getopts[i];
            if (c == ':') continue;
            bool takesValue = i + 1 < getopts.Length && getopts[i + 1] == ':';
            _letters.TryAdd(c, takesValue);
        }
        foreach (char c in optionalValueLetters)
            if (_letters.TryGetValue(c, out bool v) && !v) _optionalValue.Add(c);
        Text = getopts;
    }

    /// <summary>The getopts string.</summary>
    public string Text { get; }

    /// <summary>True when <paramref name="letter"/> is declared.</summary>
    public bool IsKnown(char letter) => _letters.ContainsKey(letter);

    /// <summary>True when <paramref name="letter"/> takes a value.</summary>
    public bool TakesValue(char letter) => _letters.TryGetValue(letter, out bool v) && v;

    /// <summary>True when <paramref name="letter"/> is a switch that may take a following non-option word as its value.</summary>
    public bool TakesOptionalValue(char letter) => _optionalValue.Contains(letter);
}
