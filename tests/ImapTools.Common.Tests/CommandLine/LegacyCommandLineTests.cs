using ImapTools.Common.CommandLine;

namespace ImapTools.Common.Tests.CommandLine;

/// <summary>
/// Getopt::Std emulation with imapcopy's real getopts string. Expected values were cross-checked against
/// Perl 5.36 / Getopt::Std 1.13 (getopts(\$spec, \%o)).
/// </summary>
public class LegacyCommandLineTests
{
    private const string ImapcopyGetopts = "dS:D:L:m:hIp:M:rqx:y:e:Rt:Tia:b:X:vPA:UB:E:uHzZ:j:g:CsnWwGF:cK:Y:kfQJ:lo:OVN";

    private static readonly LongOption[] Longs =
    {
        new("insecure", false, "Do not validate certificates."),
        new("json", true, "Write a JSON report.", "FILE"),
        new("state", true, "State directory.", "DIR"),
    };

    private static (ParsedCommandLine Parsed, string Stderr) Parse(params string[] args) => Parse(ImapcopyGetopts, args);

    private static (ParsedCommandLine Parsed, string Stderr) Parse(string getopts, string[] args)
    {
        var err = new StringWriter();
        var parsed = LegacyCommandLine.Parse(new GetoptsSpec(getopts), Longs, args, err);
        return (parsed, err.ToString());
    }

    [Fact]
    public void SingleSwitch()
    {
        var (p, err) = Parse("-d");
        Assert.True(p.Has('d'));
        Assert.Equal("1", p.Value('d'));
        Assert.False(p.Has('I'));
        Assert.Null(p.Value('I'));
        Assert.False(p.HasErrors);
        Assert.Empty(p.Remaining);
        Assert.Equal("", err);
    }

    [Fact]
    public void LettersAreCaseSensitive()
    {
        var (p, _) = Parse("-s");
        Assert.True(p.Has('s'));
        Assert.False(p.Has('S'));
        Assert.Null(p.Value('S'));
    }

    [Fact]
    public void BundledSwitches()
    {
        var (p, err) = Parse("-dI");
        Assert.True(p.Has('d'));
        Assert.True(p.Has('I'));
        Assert.False(p.HasErrors);
        Assert.Equal("", err);
    }

    [Fact]
    public void ValueLetterEndsBundleAndTakesNextArgument()
    {
        var (p, _) = Parse("-dIm", "INBOX");
        Assert.True(p.Has('d'));
        Assert.True(p.Has('I'));
        Assert.Equal("INBOX", p.Value('m'));
        Assert.Empty(p.Remaining);
        Assert.False(p.HasErrors);
    }

    [Fact]
    public void ValueLetterTakesRestOfToken()
    {
        var (p, _) = Parse("-mINBOX", "-Lfile.log");
        Assert.Equal("INBOX", p.Value('m'));
        Assert.Equal("file.log", p.Value('L'));
    }

    [Fact]
    public void ValueLetterInsideBundleSwallowsTheRestEvenIfItLooksLikeLetters()
    {
        // -md : m = "d" (d is NOT set); -dXq : X takes "q".
        var (p, _) = Parse("-md", "-dXq");
        Assert.Equal("d", p.Value('m'));
        Assert.Equal("q", p.Value('X'));
        Assert.True(p.Has('d'));
        Assert.False(p.Has('q'));
    }

    [Fact]
    public void NextArgumentIsTakenEvenIfItStartsWithDash()
    {
        var (p, _) = Parse("-m", "-x", "-L", "-d");
        Assert.Equal("-x", p.Value('m'));
        Assert.Equal("-d", p.Value('L'));
        Assert.False(p.Has('x'));
        Assert.False(p.Has('d'));
        Assert.False(p.HasErrors);
    }

    [Fact]
    public void NextArgumentIsTakenEvenIfItIsDoubleDash()
    {
        var (p, _) = Parse("-m", "--", "-d");
        Assert.Equal("--", p.Value('m'));
        Assert.True(p.Has('d'));
    }

    [Fact]
    public void EmptyNextArgumentIsAValueNotAnError()
    {
        var (p, _) = Parse("-m", "");
        Assert.True(p.Has('m'));
        Assert.Equal("", p.Value('m'));
        Assert.False(p.HasErrors);
    }

    [Fact]
    public void MissingValueAtEndIsAnErrorWithEmptyValueAndNoMessage()
    {
        var (p, err) = Parse("-d", "-m");
        Assert.True(p.Has('d'));
        Assert.True(p.Has('m'));
        Assert.Equal("", p.Value('m'));
        Assert.Equal(new[] { 'm' }, p.MissingValues);
        Assert.True(p.HasErrors);
        Assert.Equal("", err);
    }

    [Fact]
    public void MissingValueAtEndOfBundle()
    {
        var (p, _) = Parse("-dm");
        Assert.True(p.Has('d'));
        Assert.Equal(new[] { 'm' }, p.MissingValues);
    }

    [Fact]
    public void MissingValueOverwritesEarlierValue()
    {
        // Perl: -m a -m  =>  m = undef (last wins), error.
        var (p, _) = Parse("-m", "a", "-m");
        Assert.Equal("", p.Value('m'));
        Assert.True(p.HasErrors);
    }

    [Fact]
    public void UnknownLetterIsReportedAndParsingContinues()
    {
        var (p, err) = Parse("-d3q", "-I");
        Assert.Equal("Unknown option: 3\n", err);
        Assert.Equal(new[] { '3' }, p.UnknownLetters);
        Assert.True(p.Has('d'));
        Assert.True(p.Has('q'));
        Assert.True(p.Has('I'));
        Assert.True(p.HasErrors);
    }

    [Fact]
    public void SeveralUnknownLettersEachGetALine()
    {
        var (p, err) = Parse("-!", "-,d");
        Assert.Equal("Unknown option: !\nUnknown option: ,\n", err);
        Assert.Equal(new[] { '!', ',' }, p.UnknownLetters);
        Assert.True(p.Has('d'));
    }

    [Fact]
    public void ParsingStopsAtFirstNonOption()
    {
        var (p, _) = Parse("-d", "x", "-I");
        Assert.True(p.Has('d'));
        Assert.False(p.Has('I'));
        Assert.Equal(new[] { "x", "-I" }, p.Remaining);
        Assert.False(p.HasErrors);
    }

    [Fact]
    public void LoneDashStopsParsing()
    {
        var (p, _) = Parse("-", "-d");
        Assert.False(p.Has('d'));
        Assert.Equal(new[] { "-", "-d" }, p.Remaining);
    }

    [Fact]
    public void EmptyArgumentStopsParsing()
    {
        var (p, _) = Parse("", "-d");
        Assert.False(p.Has('d'));
        Assert.Equal(new[] { "", "-d" }, p.Remaining);
    }

    [Fact]
    public void DoubleDashStopsParsingAndIsConsumed()
    {
        var (p, _) = Parse("-d", "--", "-I");
        Assert.True(p.Has('d'));
        Assert.False(p.Has('I'));
        Assert.Equal(new[] { "-I" }, p.Remaining);
        Assert.False(p.HasErrors);
    }

    [Fact]
    public void DashAfterBundledSwitchEndsOptionsLikePerl()
    {
        // Perl rewrites "-d-" to "--" and then treats it as the end of options.
        var (p, _) = Parse("-d-", "foo", "-I");
        Assert.True(p.Has('d'));
        Assert.False(p.Has('I'));
        Assert.Equal(new[] { "foo", "-I" }, p.Remaining);
        Assert.False(p.HasErrors);
    }

    [Fact]
    public void DashInsideBundleIsUnknownLikePerl()
    {
        // Perl: -d-x => "Unknown option: -", then -x takes a (missing) value.
        var (p, err) = Parse("-d-x");
        Assert.Equal("Unknown option: -\n", err);
        Assert.True(p.Has('d'));
        Assert.True(p.Has('x'));
        Assert.Equal(new[] { 'x' }, p.MissingValues);
    }

    [Fact]
    public void RepeatedOptionLastWins()
    {
        var (p, _) = Parse("-m", "a", "-mb", "-d", "-d");
        Assert.Equal("b", p.Value('m'));
        Assert.True(p.Has('d'));
        Assert.False(p.HasErrors);
    }

    [Fact]
    public void ColonIsAKnownSwitchLikePerl()
    {
        // index($argumentative, ':') finds the first colon; the character after it is not ':'.
        var (p, err) = Parse("-:");
        Assert.True(p.Has(':'));
        Assert.False(p.HasErrors);
        Assert.Equal("", err);
    }

    [Fact]
    public void RealImapcopyCommandLine()
    {
        var (p, err) = Parse("-S", "src.example/alice/pw", "-D", "dst.example:993/alice/pw2", "-dIU", "-m", "INBOX|Sent", "-t300", "-R");
        Assert.Equal("src.example/alice/pw", p.Value('S'));
        Assert.Equal("dst.example:993/alice/pw2", p.Value('D'));
        Assert.True(p.Has('d') && p.Has('I') && p.Has('U') && p.Has('R'));
        Assert.Equal("INBOX|Sent", p.Value('m'));
        Assert.Equal("300", p.Value('t'));
        Assert.False(p.HasErrors);
        Assert.Empty(p.Remaining);
        Assert.Equal("", err);
    }

    [Fact]
    public void LongSwitch()
    {
        var (p, err) = Parse("-d", "--insecure", "-I");
        Assert.True(p.Has("insecure"));
        Assert.Equal("1", p.Value("insecure"));
        Assert.True(p.Has('d'));
        Assert.True(p.Has('I'));
        Assert.False(p.HasErrors);
        Assert.Equal("", err);
    }

    [Fact]
    public void LongOptionWithSeparateValue()
    {
        var (p, _) = Parse("--json", "out.json", "-d");
        Assert.Equal("out.json", p.Value("json"));
        Assert.True(p.Has('d'));
        Assert.False(p.HasErrors);
    }

    [Fact]
    public void LongOptionWithEqualsValue()
    {
        var (p, _) = Parse("--json=out.json", "--state=", "--json=a=b");
        Assert.Equal("a=b", p.Value("json"));
        Assert.True(p.Has("state"));
        Assert.Equal("", p.Value("state"));
        Assert.False(p.HasErrors);
    }

    [Fact]
    public void LongOptionValueMayStartWithDash()
    {
        var (p, _) = Parse("--json", "-d");
        Assert.Equal("-d", p.Value("json"));
        Assert.False(p.Has('d'));
    }

    [Fact]
    public void LongOptionNotGiven()
    {
        var (p, _) = Parse("-d");
        Assert.False(p.Has("json"));
        Assert.Null(p.Value("json"));
    }

    [Fact]
    public void UnknownLongOption()
    {
        var (p, err) = Parse("--foo", "-d", "--bar=1");
        Assert.Equal("Unknown option: foo\nUnknown option: bar\n", err);
        Assert.Equal(new[] { "Unknown option: foo", "Unknown option: bar" }, p.LongOptionErrors);
        Assert.True(p.Has('d'));
        Assert.False(p.Has('f'));
        Assert.False(p.Has('o'));
        Assert.True(p.HasErrors);
    }

    [Fact]
    public void LongOptionNamesAreCaseSensitive()
    {
        var (p, err) = Parse("--Insecure");
        Assert.False(p.Has("insecure"));
        Assert.Equal("Unknown option: Insecure\n", err);
    }

    [Fact]
    public void LongOptionMissingValue()
    {
        var (p, err) = Parse("-d", "--json");
        Assert.Equal("Option --json requires a value\n", err);
        Assert.True(p.HasErrors);
        Assert.True(p.Has("json"));
        Assert.Equal("", p.Value("json"));
    }

    [Fact]
    public void LongSwitchGivenAValue()
    {
        var (p, err) = Parse("--insecure=yes");
        Assert.Equal("Option --insecure does not take a value\n", err);
        Assert.True(p.HasErrors);
        Assert.False(p.Has("insecure"));
    }

    [Fact]
    public void RepeatedLongOptionLastWins()
    {
        var (p, _) = Parse("--json", "a", "--json=b");
        Assert.Equal("b", p.Value("json"));
    }

    [Fact]
    public void LongOptionsAfterEndOfOptionsAreNotParsed()
    {
        var (p, _) = Parse("-d", "--", "--insecure");
        Assert.False(p.Has("insecure"));
        Assert.Equal(new[] { "--insecure" }, p.Remaining);
        var (q, _) = Parse("x", "--insecure");
        Assert.False(q.Has("insecure"));
        Assert.Equal(new[] { "x", "--insecure" }, q.Remaining);
    }

    [Fact]
    public void HelpAndVersionAreBuiltIn()
    {
        var (p, err) = Parse("--help", "--version");
        Assert.True(p.Has("help"));
        Assert.True(p.Has("version"));
        Assert.False(p.HasErrors);
        Assert.Equal("", err);
    }

    [Fact]
    public void HelpAsBundleRemainderLikePerl()
    {
        var (p, _) = Parse("-d-help", "-q");
        Assert.True(p.Has("help"));
        Assert.True(p.Has('d'));
        Assert.True(p.Has('q'));
        Assert.False(p.HasErrors);
    }

    [Fact]
    public void DeclaringABuiltInOrDuplicateLongOptionThrows()
    {
        var spec = new GetoptsSpec("d");
        Assert.Throws<ArgumentException>(() => LegacyCommandLine.Parse(spec, new[] { new LongOption("help", false, "x") }, Array.Empty<string>(), TextWriter.Null));
        Assert.Throws<ArgumentException>(() => LegacyCommandLine.Parse(spec, new[] { new LongOption("a", false, "x"), new LongOption("a", true, "y") }, Array.Empty<string>(), TextWriter.Null));
        Assert.Throws<ArgumentException>(() => LegacyCommandLine.Parse(spec, new[] { new LongOption("a=b", false, "x") }, Array.Empty<string>(), TextWriter.Null));
    }
}
