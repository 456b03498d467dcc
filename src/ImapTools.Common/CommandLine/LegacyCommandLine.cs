namespace ImapTools.Common.CommandLine;

/// <summary>
/// Parses argv the way Perl's <c>Getopt::Std::getopts</c> (1.13) does, plus the rebuild's long options.
/// </summary>
/// <remarks>
/// McMaster.Extensions.CommandLineUtils is deliberately not used for parsing: its rules (value syntax, unknown
/// option handling, no "rewrite the rest of a bundle as a new <c>-token</c>" step) cannot reproduce Getopt::Std
/// exactly, and long options may be interleaved with legacy letters before the first non-option, so both have
/// to be read by one loop. This is a transcription of Getopt::Std's loop.
/// </remarks>
public static class LegacyCommandLine
{
    /// <summary>Long options every tool understands; they cannot be redeclared.</summary>
    public static IReadOnlyList<LongOption> BuiltInLongOptions { get; } = new[]
    {
        new LongOption("help", false, "Print this usage text and exit."),
        new LongOption("version", false, "Print the tool name and version and exit."),
    };

    /// <summary>
    /// Parses <paramref name="args"/>. Never throws for bad input: errors are recorded in the result and, like
    /// Getopt::Std, parsing keeps going.
    /// </summary>
    /// <param name="spec">The tool's getopts letters.</param>
    /// <param name="longOptions">The tool's long options (<c>help</c> and <c>version</c> are always known in addition).</param>
    /// <param name="args">The command-line arguments (without the program name).</param>
    /// <param name="stderr">Receives <c>Unknown option: X</c> lines (LF-terminated) and long-option error lines.</param>
    /// <returns>The parsed options.</returns>
    /// <exception cref="ArgumentException">A long option name is empty, contains <c>=</c>, is declared twice, or is <c>help</c>/<c>version</c>.</exception>
    /// <remarks>
    /// Rules (Getopt::Std): a token <c>-X...</c> (at least one character after <c>-</c>) is an option token;
    /// parsing stops at the first other token (a lone <c>-</c> too) or after <c>--</c>, which is consumed.
    /// A switch letter followed by more characters leaves <c>-rest</c> to be parsed as the next token (so
    /// <c>-d-</c> ends option parsing, exactly like Perl). A value letter takes the rest of its token or else
    /// the next argument whatever it looks like; with no next argument the value is missing (an error, no
    /// message). An unknown letter prints <c>Unknown option: X</c> and parsing continues. Last occurrence wins.
    /// <para>
    /// Rebuild additions: an argument that starts with <c>--</c> (other than <c>--</c> itself) is a long option,
    /// matched by exact name: <c>--name</c>, <c>--name value</c> (the next argument whatever it looks like) or
    /// <c>--name=value</c>. An unknown one prints <c>Unknown option: name</c>. (Perl printed
    /// <c>Unknown option: -</c> for any <c>--name</c> and then parsed <c>name</c> as letters; it was an error
    /// there too.) A bundle remainder that reads <c>--help</c>/<c>--version</c> (e.g. <c>-d-help</c>) counts as
    /// that long option, as in Getopt::Std.
    /// </para>
    /// </remarks>
    public static ParsedCommandLine Parse(GetoptsSpec spec, IReadOnlyList<LongOption> longOptions, IReadOnlyList<string> args, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(longOptions);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stderr);

        var longs = BuildLongOptionTable(longOptions);
        var result = new ParsedCommandLine();

        int i = 0;              // index of Perl's $ARGV[0] in args
        string? rewritten = null; // Perl's "$ARGV[0] = \"-$rest\"": replaces args[i] when not null
        while (i < args.Count)
        {
            string token = rewritten ?? args[i];
            // /^-(.)(.*)/s : a dash and at least one more character.
            if (token.Length < 2 || token[0] != '-')
                break;
            // /^--$/ : Perl's $ also matches before a trailing newline.
            if (token == "--" || token == "--\n")
            {
                i++;
                rewritten = null;
                break;
            }
            if (rewritten is null && token[1] == '-')
            {
                ParseLong(token, args, ref i, longs, result, stderr);
                continue;
            }

            char first = token[1];
            string rest = token.Substring(2);
            if (spec.IsKnown(first))
            {
                if (spec.TakesValue(first))
                {
                    i++;
                    rewritten = null;
                    if (rest.Length == 0)
                    {
                        if (i < args.Count)
                        {
                            rest = args[i];
                            i++;
                        }
                        else
                        {
                            result.AddMissingValue(first); // ++$errs, value undef; no message
                        }
                    }
                    result.SetLetter(first, rest);
                }
                else if (spec.TakesOptionalValue(first) && rest.Length == 0 && i + 1 < args.Count
                         && !args[i + 1].StartsWith('-'))
                {
                    // Extension for imapcopy -z "SEARCH": a switch that keeps the following non-option word.
                    result.SetLetter(first, "1");
                    result.SetOptionalValue(first, args[i + 1]);
                    i += 2;
                    rewritten = null;
                }
                else
                {
                    result.SetLetter(first, "1");
                    Advance(rest, ref i, ref rewritten);
                }
            }
            else if (first == '-' && (rest == "help" || rest == "version"))
            {
                // Only reachable for a rewritten bundle remainder such as -d-help (Getopt::Std shifts it away).
                result.SetLong(rest, "1");
                i++;
                rewritten = null;
            }
            else
            {
                stderr.Write("Unknown option: " + first + "\n");
                result.AddUnknownLetter(first);
                Advance(rest, ref i, ref rewritten);
            }
        }

        for (; i < args.Count; i++)
            result.AddRemaining(args[i]);
        return result;
    }

    private static void Advance(string rest, ref int i, ref string? rewritten)
    {
        if (rest.Length == 0)
        {
            i++;
            rewritten = null;
        }
        else
        {
            rewritten = "-" + rest;
        }
    }

    private static void ParseLong(string token, IReadOnlyList<string> args, ref int i, Dictionary<string, LongOption> longs, ParsedCommandLine result, TextWriter stderr)
    {
        i++;
        string body = token.Substring(2);
        int eq = body.IndexOf('=', StringComparison.Ordinal);
        string name = eq >= 0 ? body.Substring(0, eq) : body;
        string? inlineValue = eq >= 0 ? body.Substring(eq + 1) : null;

        if (!longs.TryGetValue(name, out var option))
        {
            Error(result, stderr, "Unknown option: " + name);
            return;
        }
        if (!option.TakesValue)
        {
            if (inlineValue is not null)
            {
                Error(result, stderr, "Option --" + name + " does not take a value");
                return;
            }
            result.SetLong(name, "1");
            return;
        }
        if (inlineValue is not null)
        {
            result.SetLong(name, inlineValue);
        }
        else if (i < args.Count)
        {
            result.SetLong(name, args[i]);
            i++;
        }
        else
        {
            result.SetLong(name, "");
            Error(result, stderr, "Option --" + name + " requires a value");
        }
    }

    private static void Error(ParsedCommandLine result, TextWriter stderr, string message)
    {
        stderr.Write(message + "\n");
        result.AddLongOptionError(message);
    }

    private static Dictionary<string, LongOption> BuildLongOptionTable(IReadOnlyList<LongOption> longOptions)
    {
        var table = new Dictionary<string, LongOption>(StringComparer.Ordinal);
        foreach (var builtIn in BuiltInLongOptions)
            table.Add(builtIn.Name, builtIn);
        foreach (var option in longOptions)
        {
            ArgumentNullException.ThrowIfNull(option);
            if (string.IsNullOrEmpty(option.Name) || option.Name.Contains('=', StringComparison.Ordinal) || option.Name.StartsWith('-'))
                throw new ArgumentException($"Invalid long option name '{option.Name}'.", nameof(longOptions));
            if (!table.TryAdd(option.Name, option))
                throw new ArgumentException($"Long option '--{option.Name}' is declared twice or is built in.", nameof(longOptions));
        }
        return table;
    }
}
