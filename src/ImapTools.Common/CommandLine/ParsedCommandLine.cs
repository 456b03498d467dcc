namespace ImapTools.Common.CommandLine;

/// <summary>A long option (new capabilities only; legacy flags stay single letters).</summary>
/// <param name="Name">The name without dashes, e.g. <c>insecure</c>.</param>
/// <param name="TakesValue">True for <c>--name VALUE</c> / <c>--name=VALUE</c>.</param>
/// <param name="Description">One line for the usage text.</param>
public sealed record LongOption(string Name, bool TakesValue, string Description);

/// <summary>The result of parsing a command line: flags set, their values (last one wins) and errors.</summary>
public sealed class ParsedCommandLine
{
    private readonly Dictionary<char, string?> _letters = [];
    private readonly Dictionary<string, string?> _long = new(StringComparer.Ordinal);
    private readonly List<char> _unknown = [];
    private readonly List<string> _unknownLong = [];
    private readonly List<char> _missing = [];
    private readonly List<string> _remaining = [];

    internal void Set(char letter, string? value) => _letters[letter] = value;
    internal void SetLong(string name, string? value) => _long[name] = value;
    internal void Unknown(char letter) => _unknown.Add(letter);
    internal void UnknownLong(string name) => _unknownLong.Add(name);
    internal void Missing(char letter) => _missing.Add(letter);
    internal void Remain(string arg) => _remaining.Add(arg);

    /// <summary>True when the letter was given at least once.</summary>
    public bool Has(char letter) => _letters.ContainsKey(letter);

    /// <summary>The letter's value (the last occurrence wins), or null when not given or a switch.</summary>
    public string? Value(char letter) => _letters.GetValueOrDefault(letter);

    /// <summary>True when the long option was given.</summary>
    public bool Has(string longName) => _long.ContainsKey(longName);

    /// <summary>The long option's value, or null.</summary>
    public string? Value(string longName) => _long.GetValueOrDefault(longName);

    /// <summary>Arguments left after parsing stopped (ignored by most tools).</summary>
    public IReadOnlyList<string> Remaining => _remaining;

    /// <summary>Unknown letters, in order.</summary>
    public IReadOnlyList<char> UnknownLetters => _unknown;

    /// <summary>Unknown long options, in order.</summary>
    public IReadOnlyList<string> UnknownLongOptions => _unknownLong;

    /// <summary>Letters that needed a value but came last.</summary>
    public IReadOnlyList<char> MissingValues => _missing;

    /// <summary>True when anything was wrong (Getopt::Std's false return).</summary>
    public bool HasErrors => _unknown.Count > 0 || _unknownLong.Count > 0 || _missing.Count > 0;
}
