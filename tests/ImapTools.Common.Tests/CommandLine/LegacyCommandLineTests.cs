using ImapTools.Common.CommandLine;

namespace ImapTools.Common.Tests.CommandLine;

public class LegacyCommandLineTests
{
    private const string ImapCopy = "dS:D:L:m:hIp:M:rqx:y:e:Rt:Tia:b:X:vPA:UB:E:uHzZ:j:g:CsnWwGF:cK:Y:kfQJ:lo:OVN";
    private static readonly LongOption[] Long = [new("insecure", false, ""), new("json", true, "")];

    private static (ParsedCommandLine P, string Err) Parse(params string[] args)
    {
        var err = new StringWriter();
        return (LegacyCommandLine.Parse(new GetoptsSpec(ImapCopy, "z"), Long, args, err), err.ToString());
    }

    [Fact]
    public void Bundled_switches()
    {
        var (p, _) = Parse("-dI", "-U");
        Assert.True(p.Has('d') && p.Has('I') && p.Has('U'));
        Assert.False(p.Has('q'));
    }

    [Fact]
    public void Attached_and_separate_values()
    {
        var (p, _) = Parse("-Shost/u/p", "-D", "h2/u/p", "-dIm", "INBOX");
        Assert.Equal("host/u/p", p.Value('S'));
        Assert.Equal("h2/u/p", p.Value('D'));
        Assert.Equal("INBOX", p.Value('m'));
        Assert.True(p.Has('d') && p.Has('I'));
    }

    [Fact]
    public void A_value_may_start_with_a_dash()
    {
        var (p, _) = Parse("-L", "-d");
        Assert.Equal("-d", p.Value('L'));
        Assert.False(p.Has('d'));
    }

    [Fact]
    public void Last_repeat_wins()
    {
        var (p, _) = Parse("-m", "A", "-mB");
        Assert.Equal("B", p.Value('m'));
    }

    [Fact]
    public void Double_dash_ends_options()
    {
        var (p, _) = Parse("-d", "--", "-U", "x");
        Assert.True(p.Has('d'));
        Assert.False(p.Has('U'));
        Assert.Equal(["-U", "x"], p.Remaining);
    }

    [Theory]
    [InlineData("word")]
    [InlineData("-")]
    public void First_non_option_stops_parsing(string stop)
    {
        var (p, _) = Parse("-d", stop, "-U");
        Assert.False(p.Has('U'));
        Assert.Equal([stop, "-U"], p.Remaining);
    }

    [Fact]
    public void Unknown_letter_is_reported_and_parsing_goes_on()
    {
        var (p, err) = Parse("-dxq", "-K", "k", "-&U");
        Assert.Equal("Unknown option: &\n", err);
        Assert.Equal(['&'], p.UnknownLetters);
        Assert.True(p.Has('U'));
        Assert.True(p.HasErrors);
    }

    [Fact]
    public void Missing_value_at_the_end_is_an_error()
    {
        var (p, _) = Parse("-d", "-S");
        Assert.Equal(['S'], p.MissingValues);
        Assert.True(p.HasErrors);
    }

    [Fact]
    public void Long_options_with_and_without_equals()
    {
        var (p, _) = Parse("--insecure", "--json", "out.json", "-U");
        Assert.True(p.Has("insecure"));
        Assert.Equal("out.json", p.Value("json"));
        Assert.True(p.Has('U'));
        var (q, _) = Parse("--json=a=b.json");
        Assert.Equal("a=b.json", q.Value("json"));
        var (r, err) = Parse("--bogus");
        Assert.True(r.HasErrors);
        Assert.Contains("Unknown option: bogus", err);
    }

    [Fact]
    public void Optional_value_letter_takes_a_following_word_only()
    {
        var (p, _) = Parse("-z", "OR SEEN FLAGGED", "-U");
        Assert.Equal("OR SEEN FLAGGED", p.Value('z'));
        Assert.True(p.Has('U'));
        var (q, _) = Parse("-z", "-U");
        Assert.True(q.Has('z'));
        Assert.Null(q.Value('z'));
        Assert.True(q.Has('U'));
    }

    [Fact]
    public void First_declaration_of_a_duplicated_letter_decides()
    {
        var spec = new GetoptsSpec("tt:");
        Assert.False(spec.TakesValue('t'));
    }
}
