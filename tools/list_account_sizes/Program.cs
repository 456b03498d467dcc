namespace ImapTools.Tools.ListAccountSizes;

/// <summary>list_account_sizes: placeholder until the tool lands; it refuses to run rather than pretend.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("list_account_sizes: not implemented yet");
        return 1;
    }
}
