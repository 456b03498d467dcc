using System.Text;

namespace ImapTools.Common.CommandLine;

/// <summary>
/// The interactive password prompt used for the <c>PROMPT</c> password value (imapcopy §2.2): the prompt goes
/// to stdout, nothing typed is echoed (the original's <c>stty -echo</c>), and a newline is printed afterwards.
/// </summary>
/// <remarks>
/// McMaster's <c>Prompt.GetPassword</c> is not used: it echoes an asterisk per character, while the original
/// echoes nothing.
/// </remarks>
public static class PasswordPrompt
{
    /// <summary>
    /// Writes <paramref name="prompt"/> (as given, no newline) to stdout and reads a password. On a terminal the
    /// keys are read without echo (Backspace edits, Enter ends, Ctrl-C throws
    /// <see cref="OperationCanceledException"/>). When stdin is redirected one line is read from it (LF or CRLF
    /// removed; end of input gives an empty password, like Perl's undef). In both cases a newline is written
    /// to stdout afterwards.
    /// </summary>
    public static string Read(string prompt)
    {
        if (Console.IsInputRedirected)
            return Read(prompt, Console.In, Console.Out);

        Console.Out.Write(prompt);
        Console.Out.Flush();
        bool oldTreatControlC = Console.TreatControlCAsInput;
        var password = new StringBuilder();
        try
        {
            Console.TreatControlCAsInput = true;
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter || key.KeyChar == '\r' || key.KeyChar == '\n')
                    break;
                if (key.Key == ConsoleKey.C && (key.Modifiers & ConsoleModifiers.Control) != 0)
                    throw new OperationCanceledException("Password entry cancelled.");
                if (key.Key == ConsoleKey.Backspace)
                {
                    if (password.Length > 0)
                        password.Length--;
                    continue;
                }
                if (key.KeyChar != '\0')
                    password.Append(key.KeyChar);
            }
        }
        finally
        {
            Console.TreatControlCAsInput = oldTreatControlC;
            Console.Out.Write("\n");
            Console.Out.Flush();
        }
        return password.ToString();
    }

    /// <summary>The redirected-input path, testable: prompt, one line, newline.</summary>
    internal static string Read(string prompt, TextReader input, TextWriter output)
    {
        output.Write(prompt);
        output.Flush();
        string? line = input.ReadLine();
        output.Write("\n");
        output.Flush();
        return line ?? "";
    }
}
