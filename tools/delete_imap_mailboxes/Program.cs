namespace ImapTools.Tools.DeleteImapMailboxes;

/// <summary>delete_imap_mailboxes: placeholder until the tool lands; it refuses to run rather than pretend.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("delete_imap_mailboxes: not implemented yet");
        return 1;
    }
}
