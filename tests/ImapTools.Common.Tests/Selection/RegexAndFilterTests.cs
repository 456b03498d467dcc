using ImapTools.Common.Selection;

namespace ImapTools.Common.Tests.Selection;

public class PerlRegexTests
{
    [Theory]
    // plain and anchors
    [InlineData("Trash", "Old Trash", true)]
    [InlineData("^Trash", "Old Trash", false)]
    [InlineData("Trash$", "Trash\n", true)]           // Perl $ also matches before a final newline
    [InlineData(@"Trash\z", "Trash\n", false)]
    [InlineData(@"Trash\Z", "Trash\n", true)]
    [InlineData(@"\AINBOX", "INBOX.Sent", true)]
    [InlineData("^INBOX\\.Sent$", "INBOX.Sent", true)]
    [InlineData("^INBOX\\.Sent$", "INBOXxSent", false)]
    // POSIX classes
    [InlineData("^[[:alpha:]]+$", "Envoyés", true)]
    [InlineData("^[[:alpha:]]+$", "Sent2", false)]
    [InlineData("^[[:digit:]]{4}$", "2010", true)]
    [InlineData("^[[:upper:][:digit:]]+$", "AB12", true)]
    [InlineData("^[[:^digit:]]+$", "abc", true)]
    [InlineData("^[[:^digit:]]+$", "a1c", false)]
    [InlineData("[[:punct:]]", "a.b", true)]
    [InlineData("[[:space:]]", "ab", false)]
    [InlineData("^[[:xdigit:]]+$", "DeadBeef", true)]
    // \Q..\E
    [InlineData(@"\Q[Gmail]/All Mail\E", "[Gmail]/All Mail", true)]
    [InlineData(@"\Q[Gmail]\E", "G", false)]
    [InlineData(@"^\Qa.b", "a.b", true)]
    [InlineData(@"^\Qa.b", "axb", false)]
    [InlineData(@"^\Qab\E+$", "abbb", true)]           // quantifier applies to the last quoted character
    [InlineData(@"^\Qab\E+$", "abab", false)]
    // Perl-only escapes
    [InlineData(@"a\hb", "a b", true)]
    [InlineData(@"a\hb", "a\u00A0b", true)]
    [InlineData(@"a\hb", "a\nb", false)]
    [InlineData(@"a\Hb", "axb", true)]
    [InlineData(@"a\vb", "a\nb", true)]
    [InlineData(@"a\vb", "a b", false)]
    [InlineData(@"a\Rb", "a\r\nb", true)]
    [InlineData(@"a\x{e9}", "aé", true)]
    [InlineData(@"a\xe9", "aé", true)]
    [InlineData(@"a\x9g", "a\tg", true)]              // one hex digit
    [InlineData(@"a\x9b", "a\u009B", true)]           // up to two hex digits
    [InlineData(@"\x{1F600}", "x😀", true)]
    [InlineData(@"\N{U+00E9}", "é", true)]
    [InlineData(@"a\N", "ab", true)]
    [InlineData(@"a\o{101}", "aA", true)]
    [InlineData(@"a\0101", "aA", false)]               // \010 + "1" in Perl: octal 010 is backspace
    [InlineData(@"a\0101", "a\b1", true)]
    [InlineData(@"a\011", "a\t", true)]
    // flags, groups, quantifiers
    [InlineData("(?i)trash", "TRASH", true)]
    [InlineData("(?i:tr)ash", "TRash", true)]
    [InlineData("(?i:tr)ash", "TRASH", false)]
    [InlineData("(?^i:trash)", "TRASH", true)]
    [InlineData("(?a)\\d", "1", true)]
    [InlineData("^a++b", "aab", true)]
    [InlineData("^a++a", "aaa", false)]                // possessive: gives nothing back
    [InlineData("^(?:ab)*+$", "abab", true)]
    [InlineData("^[ab]{2}+$", "ab", true)]
    [InlineData("^(?>a+)b", "aab", true)]
    [InlineData(@"^(?P<x>a)(?P=x)$", "aa", true)]
    [InlineData(@"^(a)\g1$", "aa", true)]
    [InlineData(@"^(a)\g{1}$", "aa", true)]
    [InlineData(@"^(?<n>a)\k{n}$", "aa", true)]
    [InlineData("a{2}", "aa", true)]
    [InlineData("a{x}", "a{x}", true)]                  // not a quantifier: literal
    [InlineData("[]a]", "]", true)]
    [InlineData("[^]a]", "b", true)]
    [InlineData("[a[b]", "[", true)]
    [InlineData("^[.]$", "x", false)]
    public void MatchesLikePerl(string pattern, string input, bool expected) =>
        Assert.Equal(expected, PerlRegex.Convert(pattern).IsMatch(input));

    [Theory]
    [InlineData("(unclosed")]
    [InlineData("a\\")]
    [InlineData("[[:nosuch:]]")]
    [InlineData(@"a\Kb")]
    [InlineData(@"\Uabc")]
    [InlineData(@"(a)\g{-1}")]
    [InlineData("*a")]
    [InlineData("(?R)")]
    public void InvalidPatternsAreUsageErrors(string pattern)
    {
        var e = Assert.Throws<ImapToolsException>(() => PerlRegex.Convert(pattern));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.StartsWith($"Invalid regular expression '{pattern}' in -g: ", e.Message);
    }

    [Fact]
    public void OptionsAndTimeout()
    {
        var r = PerlRegex.Convert("x");
        Assert.True(r.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.CultureInvariant));
        Assert.True(r.MatchTimeout > TimeSpan.Zero && r.MatchTimeout < TimeSpan.FromMinutes(1));
    }
}

public class MailboxFilterTests
{
    [Theory]
    [InlineData("Trash", true)]
    [InlineData("trash", false)]              // exact, case-sensitive
    [InlineData("Junk", true)]
    [InlineData("INBOX", true)]
    [InlineData("inbox", true)]               // INBOX is case-insensitive
    [InlineData("Café", true)]                // -e given in modified UTF-7
    [InlineData("Archive/2010", true)]        // -g
    [InlineData("Archive/2011", false)]
    [InlineData("Old/Spam/x", true)]
    [InlineData("Envoyés", true)]              // -g written against the wire form
    [InlineData("Sent", false)]
    [InlineData(" Trash", false)]
    public void ExcludesExactAndRegex(string name, bool excluded)
    {
        var f = new MailboxFilter(new[] { "Trash", "Junk", "INBOX", "Caf&AOk-" }, new[] { "^Archive/2010", "Spam", "Envoy&AOk-s" }, false);
        Assert.Equal(excluded, f.IsExcluded(name, out string? reason));
        Assert.Null(reason);
    }

    [Fact]
    public void GmailAllMailSkippedUnlessN()
    {
        var f = new MailboxFilter([], [], false);
        Assert.True(f.IsExcluded("[Gmail]/All Mail", out string? reason));
        Assert.Equal("Skipping [Gmail]/All Mail", reason);
        Assert.False(f.IsExcluded("[Gmail]/all mail", out reason));
        Assert.Null(reason);
        Assert.False(f.IsExcluded("[Google Mail]/All Mail", out _));
        var n = new MailboxFilter([], [], true);
        Assert.False(n.IsExcluded("[Gmail]/All Mail", out reason));
        Assert.Null(reason);
    }

    [Fact]
    public void InvalidRegexFailsAtConstruction() =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<ImapToolsException>(() => new MailboxFilter([], ["(x"], false)).ExitCode);
}
