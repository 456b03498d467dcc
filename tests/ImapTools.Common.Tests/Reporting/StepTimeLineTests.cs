using ImapTools.Common.Reporting;

namespace ImapTools.Common.Tests.Reporting;

public class StepTimeLineTests
{
    [Theory]
    [InlineData("Done", "Done                               05:44:46 ")]
    [InlineData("Connecting to 127.0.0.1:14300", "Connecting to 127.0.0.1:14300      05:44:46 ")]
    [InlineData("Connecting to a-very-long-host-name.example.org:993", "Connecting to a-very-long-host-name05:44:46 ")]
    public void Label_is_packed_to_35_columns_then_time_and_a_space(string label, string expected) =>
        Assert.Equal(expected, StepTimeLine.Format(label, new DateTime(2026, 12, 6, 5, 44, 46)));
}
