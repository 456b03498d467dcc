namespace ImapTools.Common.CommandLine;

/// <summary>The result of <see cref="LegacyCommandLine.Parse"/>.</summary>
public sealed class ParsedCommandLine
{
    private readonly Dictionary<char, string> _letters = new();
    private readonly Dictionary<char, string> _optional = new();
    private readonly Dictionary<string, string> _longs = new(StringComparer.Ordinal);
    private readonly List<string> _remaining = new();
    private readonly List<char> _unknownLetters = new();
    private readonly List<char> _missingValues = new();
    private readonly List<string> _longOptionErrors = new();

    internal ParsedCommandLine() { }

    /// <summary>
    /// True when the letter was given at least once. For a value letter this includes a missing value at the
    /// end of argv (then <see cref="Value(char)"/> is empty and the letter is in <see cref="MissingValues"/>).
    /// </summary>
    public bool Has(char letter) => _letters.ContainsKey(letter);

    /// <summary>
    /// The value of the letter: for a value letter the last occurrence wins (empty when its value was missing);
    /// for a switch <c>"1"</c> (Perl's <c>$opt_x = 1</c>); null when not given.
    /// </summary>
    public string? Value(char letter) => _letters.TryGetValue(letter, out var v) ? v : null;

    /// <summary>True when the long option <c>--<paramref name="longName"/></c> was given at least once.</summary>
    public bool Has(string longName) => _longs.ContainsKey(longName);

    /// <summary>
    /// The value of a long option (last occurrence wins); <c>"1"</c> for a long switch; empty when its value
    /// was missing; null when not given.
    /// </summary>
    public string? Value(string longName) => _longs.TryGetValue(longName, out var v) ? v : null;

    /// <summary>The arguments left after parsing stopped (a consumed <c>--</c> is not included).</summary>
    public IReadOnlyList<string> Remaining => _remaining;

    /// <summary>Unknown letters in the order met (each was reported as <c>Unknown option: X</c>).</summary>
    public IReadOnlyList<char> UnknownLetters => _unknownLetters;

    /// <summary>Value letters that were the last argument and so got no value (Getopt::Std prints nothing for these).</summary>
    public IReadOnlyList<char> MissingValues => _missingValues;

    /// <summary>
    /// Errors with long options, as the messages written to stderr: <c>Unknown option: name</c>,
    /// <c>Option --name requires a value</c>, <c>Option --name does not take a value</c>.
    /// </summary>
    public IReadOnlyList<string> LongOptionErrors => _longOptionErrors;

    /// <summary>True when Getopt::Std would have returned false (plus any long-option error).</summary>
    public bool HasErrors => _unknownLetters.Count > 0 || _missingValues.Count > 0 || _longOptionErrors.Count > 0;

    internal void SetLetter(char letter, string value) => _letters[letter] = value;
    internal void SetOptionalValue(char letter, string value) => _optional[letter] = value;

    /// <summary>
    /// The word taken by a switch declared with an optional value (see <see cref="GetoptsSpec.TakesOptionalValue"/>),
    /// or null when the switch was given alone or not at all.
    /// </summary>
    public string? OptionalValue(char letter) => _optional.GetValueOrDefault(letter);
    internal void SetLong(string name, string value) => _longs[name] = value;
    internal void AddRemaining(string arg) => _remaining.Add(arg);
    internal void AddUnknownLetter(char letter) => _unknownLetters.Add(letter);
    internal void AddMissingValue(char letter) => _missingValues.Add(letter);
    internal void AddLongOptionError(string message) => _longOptionErrors.Add(message);
}
