using ImapTools.Common.CommandLine;

namespace ImapTools.Common.Tests.CommandLine;

public class PasswordPromptTests
{
    [Fact]
    public void RedirectedInputReadsOneLineAndPrintsPromptAndNewline()
    {
        var output = new StringWriter();
        string pw = PasswordPrompt.Read("Enter the source user password: ", new StringReader("s3cret\r\nnext\n"), output);
        Assert.Equal("s3cret", pw);
        Assert.Equal("Enter the source user password: \n", output.ToString());
    }

    [Fact]
    public void EndOfInputGivesEmptyPassword()
    {
        var output = new StringWriter();
        Assert.Equal("", PasswordPrompt.Read("pw: ", new StringReader(""), output));
        Assert.Equal("pw: \n", output.ToString());
    }
}
