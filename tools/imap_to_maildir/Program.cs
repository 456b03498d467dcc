namespace ImapTools.Tools.ImapToMaildir;

/// <summary>imap_to_maildir: placeholder until the tool lands; it refuses to run rather than pretend.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("imap_to_maildir: not implemented yet");
        return 1;
    }
}
