namespace ImapTools.Common.CommandLine;

/// <summary>What <see cref="ToolHost"/> needs to know about a tool.</summary>
/// <param name="Name">The tool name, used in messages (<c>imapcopy: interrupted</c>) and by <c>--version</c>.</param>
/// <param name="Getopts">The original Perl getopts string, byte for byte (see <see cref="GetoptsSpec"/>).</param>
/// <param name="Usage">The tool's usage text, printed as given (a final LF is added if missing).</param>
/// <param name="LongOptions">The rebuild's long options; listed after the usage text when not empty.</param>
public sealed record ToolDefinition(string Name, string Getopts, string Usage, IReadOnlyList<LongOption> LongOptions)
{
    /// <summary>
    /// Print the usage text on stderr instead of stdout (list_account_sizes and list_imap_folders did).
    /// Default false.
    /// </summary>
    public bool UsageToStderr { get; init; }

    /// <summary>
    /// The original ignored getopts's return value (imapPing, imapCapability, migrateIMAP, pop3toimap,
    /// maildir_to_imap): unknown letters are still reported on stderr, but the body runs anyway. Default false.
    /// </summary>
    public bool IgnoreParseErrors { get; init; }

    /// <summary>Switches that take a following non-option word as a value (see <see cref="GetoptsSpec"/>).</summary>
    public string OptionalValueLetters { get; init; } = "";
}
