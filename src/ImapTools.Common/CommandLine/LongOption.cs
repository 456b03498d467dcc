namespace ImapTools.Common.CommandLine;

/// <summary>
/// A long option (<c>--name</c>) added by the C# rebuild. Legacy flags stay single letters; new capabilities
/// are long options only. Given as <c>--name</c>, or with a value as <c>--name value</c> or <c>--name=value</c>.
/// </summary>
/// <param name="Name">The name without the leading <c>--</c>, matched exactly (case-sensitive).</param>
/// <param name="TakesValue">True when the option needs a value.</param>
/// <param name="Description">One-line description shown in the usage text.</param>
/// <param name="ValueName">Placeholder for the value in the usage text (e.g. <c>FILE</c>); <c>VALUE</c> when null.</param>
public sealed record LongOption(string Name, bool TakesValue, string Description, string? ValueName = null);
