namespace ImapTools.Tools.ImapCopy; public static class Program { public static int Main(string[] args) => 0; }
