using ImapTools.Common.Sync;
using MailKit;

namespace ImapTools.Common.Tests.Sync;

public sealed class SyncFlagsTests
{
    [Fact]
    public void Keywords_compare_case_insensitively_and_recent_is_ignored()
    {
        Assert.True(SyncFlags.Equal(MessageFlags.Seen | MessageFlags.Recent, ["$Label1", "Work"], MessageFlags.Seen, ["WORK", "$label1"]));
        Assert.False(SyncFlags.Equal(MessageFlags.Seen, ["Work"], MessageFlags.Seen, ["Work", "Other"]));
        Assert.False(SyncFlags.Equal(MessageFlags.Seen, [], MessageFlags.Seen | MessageFlags.Flagged, []));
        Assert.True(SyncFlags.Equal(MessageFlags.None, ["\\Forwarded"], MessageFlags.None, []));
    }

    [Fact]
    public void Format_lists_system_flags_then_keywords()
    {
        Assert.Equal("\\Answered \\Seen $Junk Work", SyncFlags.Format(MessageFlags.Seen | MessageFlags.Answered, ["Work", "$Junk"]));
        Assert.Equal("", SyncFlags.Format(MessageFlags.None, []));
    }
}
