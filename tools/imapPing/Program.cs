namespace ImapTools.Tools.ImapPing;

/// <summary>imapPing: placeholder until the tool lands; it refuses to run rather than pretend.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("imapPing: not implemented yet");
        return 1;
    }
}
