namespace ImapTools.Common.CommandLine;

/// <summary>What a tool declares: its name, legacy getopts letters, usage text and long options.</summary>
/// <param name="Name">The executable name, e.g. <c>imapcopy</c>.</param>
/// <param name="Getopts">The Perl getopts string of the original.</param>
/// <param name="Usage">The text printed by -h and after a bad option.</param>
/// <param name="LongOptions">New capabilities, long options only.</param>
/// <param name="OptionalValueLetters">Switches that take a following non-option word as value (see <see cref="GetoptsSpec"/>).</param>
public sealed record ToolDefinition(string Name, string Getopts, string Usage, IReadOnlyList<LongOption> LongOptions, string OptionalValueLetters = "");
