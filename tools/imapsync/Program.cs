namespace ImapTools.Tools.ImapSync;

/// <summary>imapsync: placeholder until the tool lands; it refuses to run rather than pretend.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("imapsync: not implemented yet");
        return 1;
    }
}
