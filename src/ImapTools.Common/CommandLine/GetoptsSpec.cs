namespace ImapTools.Common.CommandLine;

/// <summary>
/// A Perl <c>Getopt::Std::getopts</c> option string such as <c>"dS:D:L:m:hI"</c>, interpreted exactly as
/// Getopt::Std 1.13 does.
/// </summary>
/// <remarks>
/// Getopt::Std looks a letter up with <c>index($argumentative, $letter)</c> in the raw string and then checks
/// whether element <c>pos+1</c> of <c>split(/ */, $argumentative)</c> (the string's characters with spaces
/// removed) is a colon. This class reproduces that literally, which gives these (real) consequences:
/// <list type="bullet">
/// <item>The <b>first</b> occurrence of a duplicated letter decides whether it takes a value.</item>
/// <item>Any character of the string is a known option, including <c>:</c> and <c>,</c>
/// (<c>-:</c> is a switch whenever the string contains a colon).</item>
/// <item>Spaces in the string shift the colon lookup: with <c>"d v S:"</c>, <c>-v</c> takes a value.
/// Pass the original tool's string byte for byte.</item>
/// </list>
/// </remarks>
public sealed class GetoptsSpec
{
    private readonly string _getopts;
    private readonly string _withoutSpaces;
    private readonly string _optionalValue;

    /// <summary>Creates the spec from a Perl getopts string.</summary>
    /// <param name="getopts">The option string exactly as the Perl original passes it to <c>getopts</c>.</param>
    /// <param name="optionalValueLetters">
    /// Switches that also take the next word as a value when it does not start with <c>-</c> — an extension for
    /// imapcopy's <c>-z "SEARCH"</c>, which the guide documents while the original parsed <c>-z</c> as a plain switch.
    /// </param>
    public GetoptsSpec(string getopts, string optionalValueLetters = "")
    {
        _optionalValue = optionalValueLetters;
        ArgumentNullException.ThrowIfNull(getopts);
        _getopts = getopts;
        _withoutSpaces = getopts.Replace(" ", "", StringComparison.Ordinal);
    }

    /// <summary>True when <paramref name="letter"/> is a switch that may take a following non-option word.</summary>
    public bool TakesOptionalValue(char letter) => IsKnown(letter) && !TakesValue(letter) && _optionalValue.Contains(letter);

    /// <summary>The option string this spec was built from.</summary>
    public string Getopts => _getopts;

    /// <summary>True when <paramref name="letter"/> occurs anywhere in the option string (case-sensitive).</summary>
    public bool IsKnown(char letter) => _getopts.IndexOf(letter, StringComparison.Ordinal) >= 0;

    /// <summary>
    /// True when <paramref name="letter"/> is known and takes a value, decided by its first occurrence
    /// (see the remarks for the exact Getopt::Std rule).
    /// </summary>
    public bool TakesValue(char letter)
    {
        int pos = _getopts.IndexOf(letter, StringComparison.Ordinal);
        return pos >= 0 && pos + 1 < _withoutSpaces.Length && _withoutSpaces[pos + 1] == ':';
    }
}
