using ImapTools.Common.CommandLine;

namespace ImapTools.Common.Tests.CommandLine;

public class GetoptsSpecTests
{
    private const string ImapcopyGetopts = "dS:D:L:m:hIp:M:rqx:y:e:Rt:Tia:b:X:vPA:UB:E:uHzZ:j:g:CsnWwGF:cK:Y:kfQJ:lo:OVN";

    [Fact]
    public void ImapcopyLetters()
    {
        var spec = new GetoptsSpec(ImapcopyGetopts);
        string valueLetters = "SDLmpMxyetabXABEZjgFKYJo";
        string switches = "dhIrqRTivPUuHzCsnWwGckfQlOVN";
        Assert.Equal(52, valueLetters.Length + switches.Length);
        foreach (char c in valueLetters)
        {
            Assert.True(spec.IsKnown(c), c.ToString());
            Assert.True(spec.TakesValue(c), c.ToString());
        }
        foreach (char c in switches)
        {
            Assert.True(spec.IsKnown(c), c.ToString());
            Assert.False(spec.TakesValue(c), c.ToString());
        }
        Assert.False(spec.IsKnown('3'));
        Assert.False(spec.IsKnown('-'));
        Assert.False(spec.TakesValue('3'));
    }

    [Fact]
    public void FirstOccurrenceDecides()
    {
        // delete_imap_mailboxes declares t and later t: -> -t is a switch.
        var spec = new GetoptsSpec("dS:D:L:m:hIp:M:rqtx:y:e:Rt:TsA:P");
        Assert.False(spec.TakesValue('t'));
        // maildir_to_imap: L: then bare L -> L takes a value.
        var spec2 = new GetoptsSpec("H:i:L:n:ht:M:SLdD:Um:IA:F:M:");
        Assert.True(spec2.TakesValue('L'));
    }

    [Fact]
    public void PunctuationInTheStringIsKnownLikePerl()
    {
        // imap_to_maildir: "M::" -> M takes a value; "x," -> x is a switch and ',' is a switch letter.
        var spec = new GetoptsSpec("dS:L:m:u:M::hf:F:Ia:x,e:A:F:G");
        Assert.True(spec.TakesValue('M'));
        Assert.False(spec.TakesValue('x'));
        Assert.True(spec.IsKnown(','));
        Assert.True(spec.IsKnown(':'));
    }

    [Fact]
    public void SpacesShiftTheColonLookupLikePerl()
    {
        // Verified with Perl 5.36: getopts("d v S: D:") makes -v take a value.
        var spec = new GetoptsSpec("d v S: D:");
        Assert.True(spec.TakesValue('v'));
        Assert.True(spec.TakesValue('S'));
        Assert.False(spec.TakesValue('d'));
    }
}
