namespace ImapTools.Tools.ThunderbirdToImap;

/// <summary>thunderbird_to_imap: placeholder until the tool lands; it refuses to run rather than pretend.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("thunderbird_to_imap: not implemented yet");
        return 1;
    }
}
