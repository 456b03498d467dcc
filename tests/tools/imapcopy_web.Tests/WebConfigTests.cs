using ImapTools.Common;

namespace ImapTools.Tools.ImapCopyWeb.Tests;

public sealed class WebConfigTests
{
    [Fact]
    public void The_guide_example_is_read_and_its_ARGUMENTS_keep_the_whole_folder_list()
    {
        string dir = Directory.CreateTempSubdirectory().FullName, path = Path.Combine(dir, "imapcopy.cf");
        File.WriteAllText(path, """
            # Config parameters for imapcopy browser app
            #
            IMAPCOPY: /usr/local/apache/cgi-bin/imapcopy.pl
            LOGFILE: /usr/local/apache/cgi-bin/imapcopy.log
            PROCESS\_LIMIT: 8
            DEBUG: 0
            SHOWIMAP: 1
            ARGUMENTS: -m Inbox, Drafts, Notes -U -j 500
            """);
        var c = WebConfig.Load(path);
        Assert.Equal("/usr/local/apache/cgi-bin/imapcopy.pl", c.ImapCopy);
        Assert.Equal("/usr/local/apache/cgi-bin/imapcopy.log", c.LogFile);
        Assert.Equal(8, c.ProcessLimit);
        Assert.False(c.Debug);
        Assert.True(c.ShowImap);
        Assert.Equal(["-m", "Inbox,Drafts,Notes", "-U", "-j", "500"], c.Arguments);
        Assert.Equal("http://127.0.0.1:8080", c.Listen);
    }

    [Theory]
    [InlineData("PROCESS_LIMIT: many", "Error at line 1 in")]
    [InlineData("IMAPCOPY /x", "expected KEYWORD: value")]
    [InlineData("ARGUMENTS: -m \"Inbox", "unbalanced")]
    public void Errors_name_the_problem(string line, string expected)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "imapcopy.cf");
        File.WriteAllText(path, line + "\n");
        var e = Assert.Throws<ImapToolsException>(() => WebConfig.Load(path));
        Assert.Contains(expected, e.Message);
        Assert.Equal(ExitCodes.File, e.ExitCode);
    }

    [Fact]
    public void Shell_words_respect_quotes()
    {
        Assert.Equal(["-m", "Sent Items,Drafts", "-x", "a b"], ShellWords.Split("-m \"Sent Items,Drafts\" -x 'a b'"));
    }
}
