using McMaster.Extensions.CommandLineUtils;

namespace ImapTools.Common.CommandLine;

/// <summary>Asks for a password without echoing it (the legacy PROMPT password).</summary>
public static class PasswordPrompt
{
    /// <summary>Prints <paramref name="prompt"/> and reads a password; on a terminal nothing is echoed, a newline follows.</summary>
    public static string Read(string prompt)
    {
        if (Console.IsInputRedirected)
        {
            Console.Out.Write(prompt);
            string line = Console.In.ReadLine() ?? throw new ImapToolsException("No password was given at the PROMPT (standard input is closed)", ExitCodes.Usage);
            Console.Out.Write("\n");
            return line;
        }
        string password = Prompt.GetPassword(prompt);
        return password;
    }
}
