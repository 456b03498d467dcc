namespace ImapTools.Tools.ListImapFolders;

/// <summary>list_imap_folders: placeholder until the tool lands; it refuses to run rather than pretend.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("list_imap_folders: not implemented yet");
        return 1;
    }
}
