namespace ImapTools.Common.CommandLine;

/// <summary>
/// Parses argv exactly as Perl's Getopt::Std did (spec _common §1): bundled switches (<c>-dI</c>), attached values
/// (<c>-Sfoo</c>), a value taken from the next word even when it starts with <c>-</c>, the last repeat wins, and
/// parsing stops at the first non-option word, a lone <c>-</c>, or after <c>--</c>. Long options
/// (<c>--name</c>, <c>--name value</c>, <c>--name=value</c>) carry the capabilities the originals never had.
/// </summary>
public static class LegacyCommandLine
{
    /// <summary>Parses <paramref name="args"/>; unknown letters are reported on <paramref name="stderr"/> as
    /// <c>Unknown option: X</c> and parsing goes on, as in Getopt::Std.</summary>
    public static ParsedCommandLine Parse(GetoptsSpec spec, IReadOnlyList<LongOption> longOptions, IReadOnlyList<string> args, TextWriter stderr)
    {
        var result = new ParsedCommandLine();
        int i = 0;
        for (; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--") { i++; break; }
            if (arg.Length < 2 || arg[0] != '-') break;
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                string name = arg[2..];
                string? inline = null;
                int eq = name.IndexOf('=');
                if (eq >= 0) { inline = name[(eq + 1)..]; name = name[..eq]; }
                var option = longOptions.FirstOrDefault(o => o.Name == name);
                if (option is null)
                {
                    stderr.Write($"Unknown option: {name}\n");
                    result.UnknownLong(name);
                }
                else if (!option.TakesValue)
                    result.SetLong(name, null);
                else if (inline is not null)
                    result.SetLong(name, inline);
                else if (i + 1 < args.Count)
                    result.SetLong(name, args[++i]);
                else
                {
                    stderr.Write($"Option --{name} requires a value\n");
                    result.UnknownLong(name);
                }
                continue;
            }
            for (int k = 1; k < arg.Length; k++)
            {
                char letter = arg[k];
                if (!spec.IsKnown(letter))
                {
                    stderr.Write($"Unknown option: {letter}\n");
                    result.Unknown(letter);
                    continue;
                }
                if (spec.TakesValue(letter))
                {
                    if (k + 1 < arg.Length)
                        result.Set(letter, arg[(k + 1)..]);
                    else if (i + 1 < args.Count)
                        result.Set(letter, args[++i]);
                    else
                    {
                        result.Set(letter, "");
                        result.Missing(letter);
                    }
                    break;
                }
                if (spec.TakesOptionalValue(letter) && k == arg.Length - 1 && i + 1 < args.Count
                    && !args[i + 1].StartsWith('-'))
                {
                    result.Set(letter, args[++i]);
                    break;
                }
                result.Set(letter, null);
            }
        }
        for (; i < args.Count; i++) result.Remain(args[i]);
        return result;
    }
}
