using System.Globalization;

namespace ImapTools.Common.Reporting;

/// <summary>One row of list_account_sizes' report.</summary>
/// <param name="User">The user name (the part before the first <c>:</c>).</param>
/// <param name="Size">The size as printed: <c>1.47</c> (QUOTA, two decimals) or Perl default formatting (<c>1.5</c>, <c>0</c>).</param>
public sealed record AccountSizeRow(string User, string Size)
{
    /// <summary>The size as a number (Perl numeric value of <see cref="Size"/>).</summary>
    public double Value => PerlFormat.NumericPrefix(Size);
}

/// <summary>list_account_sizes' report (spec list_account_sizes §5), each line without its line feed.</summary>
public static class AccountSizeReport
{
    /// <summary><c>pack("A18 A10", "  SIZE (MB)", "USER")</c>: ends with six spaces.</summary>
    public static readonly string Header = PerlFormat.PackA("  SIZE (MB)", 18) + PerlFormat.PackA("USER", 10);

    /// <summary>The 50 <c>=</c> under the header.</summary>
    public static readonly string Rule = new('=', 50);

    /// <summary>The line under <c>Totals</c> (17 <c>=</c>).</summary>
    public static readonly string TotalsRule = new('=', 17);

    /// <summary>The size string of a QUOTA figure: <c>%.2f</c> of the STORAGE usage (KiB) / 1000, labelled MB as the original did.</summary>
    public static string QuotaSize(ulong usedKilobytes) => PerlFormat.Fixed(usedKilobytes / 1000.0, 2);

    /// <summary>The size string of a summed account: the numeric sum of the per-mailbox <c>%.2f</c> MB figures, Perl default formatting.</summary>
    public static string SummedSize(IEnumerable<long> mailboxBytes)
    {
        ArgumentNullException.ThrowIfNull(mailboxBytes);
        double sum = 0;
        foreach (long b in mailboxBytes)
            sum += PerlFormat.NumericPrefix(PerlFormat.Fixed(b / 1e6, 2));
        return PerlFormat.Number(sum);
    }

    /// <summary>The rows sorted by size, largest first; equal sizes in reverse input order (as the original's reversed stable sort).</summary>
    public static IReadOnlyList<AccountSizeRow> Sort(IReadOnlyList<AccountSizeRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select((r, i) => (r, i)).OrderBy(x => x.r.Value).ThenBy(x => x.i).Select(x => x.r).Reverse().ToList();
    }

    /// <summary>A row: the commafied size right-aligned in 10 columns, packed to 18, then the user.</summary>
    public static string Row(AccountSizeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return PerlFormat.PackA(PerlFormat.Commafy(row.Size).PadLeft(10), 18) + row.User;
    }

    /// <summary>The total lines: <c>Users    N</c> and <c>Bytes    X MB</c> (commafied Perl-formatted sum).</summary>
    public static IReadOnlyList<string> TotalLines(IReadOnlyList<AccountSizeRow> rows, int users)
    {
        ArgumentNullException.ThrowIfNull(rows);
        double sum = rows.Sum(r => r.Value);
        return [$"Users    {users.ToString(CultureInfo.InvariantCulture)}", $"Bytes    {PerlFormat.Commafy(PerlFormat.Number(sum))} MB"];
    }

    /// <summary>What goes to stdout: table, two blank lines, totals, a blank line and <c>The report was written to FILE</c>.</summary>
    public static IReadOnlyList<string> ConsoleLines(IReadOnlyList<AccountSizeRow> rows, int users, string reportFile)
    {
        var lines = new List<string> { Header, Rule };
        lines.AddRange(Sort(rows).Select(Row));
        lines.AddRange(["", "", "Totals", TotalsRule]);
        lines.AddRange(TotalLines(rows, users));
        lines.AddRange(["", $"The report was written to {reportFile}"]);
        return lines;
    }

    /// <summary>What goes to the report file: the same without the blank lines and the final message.</summary>
    public static IReadOnlyList<string> FileLines(IReadOnlyList<AccountSizeRow> rows, int users)
    {
        var lines = new List<string> { Header, Rule };
        lines.AddRange(Sort(rows).Select(Row));
        lines.AddRange(["Totals", TotalsRule]);
        lines.AddRange(TotalLines(rows, users));
        return lines;
    }
}
