using System.Globalization;
using ImapTools.Common.Stores.Mbox;
using MailKit;

namespace ImapTools.Common.Stores.Thunderbird;

/// <summary>
/// Thunderbird's mbox dialect: flags in <c>X-Mozilla-Status</c> (hex: 0x0001 read, 0x0002 replied, 0x0004 marked,
/// 0x0008 expunged, 0x1000 forwarded), <c>X-Mozilla-Status2</c> (hex: 0x00200000 IMAP-deleted, 0x0E000000 the old
/// label 1–7) and keywords in <c>X-Mozilla-Keys</c>. The headers stay in the message (Thunderbird's own bytes);
/// <c>&gt;From </c> lines are not unquoted (Thunderbird writes mboxo); the internal date is the Date: header, else
/// the From_ line's date.
/// </summary>
public sealed class MozillaStatusDialect : MboxDialect
{
    /// <summary>The dialect.</summary>
    public static MozillaStatusDialect Instance { get; } = new();

    private MozillaStatusDialect() { }

    /// <inheritdoc />
    public override bool Unquote => false;

    /// <inheritdoc />
    public override MboxFlagInfo ReadFlags(IReadOnlyList<RawHeader> headers)
    {
        uint status = Hex(headers, "X-Mozilla-Status");
        uint status2 = Hex(headers, "X-Mozilla-Status2");
        var flags = MessageFlags.None;
        if ((status & 0x0001) != 0) flags |= MessageFlags.Seen;
        if ((status & 0x0002) != 0) flags |= MessageFlags.Answered;
        if ((status & 0x0004) != 0) flags |= MessageFlags.Flagged;
        if ((status2 & 0x00200000) != 0) flags |= MessageFlags.Deleted;
        var keywords = new HashSet<string>(StringComparer.Ordinal);
        if ((status & 0x1000) != 0) keywords.Add("$Forwarded");
        uint label = (status2 & 0x0E000000) >> 25;
        if (label != 0) keywords.Add("$label" + label.ToString(CultureInfo.InvariantCulture));
        if (headers.FirstOrDefault(h => h.Is("X-Mozilla-Keys")) is { } keys)
            foreach (string k in keys.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)) keywords.Add(k);
        return new MboxFlagInfo(flags, keywords, [], Expunged: (status & 0x0008) != 0);
    }

    /// <inheritdoc />
    public override DateTimeOffset? InternalDate(DateTimeOffset? fromLineDate, IReadOnlyList<RawHeader> headers) =>
        DateHeader(headers) ?? fromLineDate;

    private static uint Hex(IReadOnlyList<RawHeader> headers, string name)
    {
        var header = headers.FirstOrDefault(h => h.Is(name));
        return header is not null && uint.TryParse(header.Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint value) ? value : 0;
    }
}
