using ImapTools.Common.Reporting;

namespace ImapTools.Common.Tests.Reporting;

public class AccountSizeReportTests
{
    [Fact]
    public void Console_layout_matches_the_original()
    {
        AccountSizeRow[] rows = [new("mary", "0.00"), new("john", "1.47")];
        Assert.Equal(
        [
            "  SIZE (MB)       USER      ",
            "==================================================",
            "      1.47        john",
            "      0.00        mary",
            "",
            "",
            "Totals",
            "=================",
            "Users    2",
            "Bytes    1.47 MB",
            "",
            "The report was written to list_account_sizes.report",
        ], AccountSizeReport.ConsoleLines(rows, 2, "list_account_sizes.report"));
        Assert.Equal(
        [
            "  SIZE (MB)       USER      ",
            "==================================================",
            "      1.47        john",
            "      0.00        mary",
            "Totals",
            "=================",
            "Users    2",
            "Bytes    1.47 MB",
        ], AccountSizeReport.FileLines(rows, 2));
    }

    [Fact]
    public void Wide_values_commas_and_cut_columns()
    {
        Assert.Equal("  1,583.27        jessi", AccountSizeReport.Row(new("jessi", "1583.27")));
        Assert.Equal("1,234,567.5       bigco", AccountSizeReport.Row(new("bigco", "1234567.5")));
        Assert.Equal("12,345,678,901,234x", AccountSizeReport.Row(new("x", "12345678901234")));
        Assert.Equal("1,234,567,890,123,x", AccountSizeReport.Row(new("x", "1234567890123456")));
        Assert.Equal("Bytes    1,236,150.77 MB", AccountSizeReport.TotalLines([new("a", "1583.27"), new("b", "1234567.5"), new("c", "1e-9")], 3)[1]);
    }

    [Fact]
    public void Summed_sizes_use_perl_default_formatting_and_quota_two_decimals()
    {
        Assert.Equal("1.5", AccountSizeReport.SummedSize([1_500_000]));
        Assert.Equal("0", AccountSizeReport.SummedSize([]));
        Assert.Equal("0.3", AccountSizeReport.SummedSize([100_000, 200_000]));   // 0.1 + 0.2 printed as %.15g
        Assert.Equal("1.12", AccountSizeReport.SummedSize([1_125_000]));       // glibc tie to even per mailbox
        Assert.Equal("1.47", AccountSizeReport.QuotaSize(1470));
        Assert.Equal("0.00", AccountSizeReport.QuotaSize(0));
    }

    [Fact]
    public void Sorted_descending_with_ties_in_reverse_input_order()
    {
        AccountSizeRow[] rows = [new("a", "1"), new("b", "2"), new("c", "1"), new("d", "0.5")];
        Assert.Equal(["b", "c", "a", "d"], AccountSizeReport.Sort(rows).Select(r => r.User));
    }
}
