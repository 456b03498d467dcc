using System.Text.RegularExpressions;
using ImapTools.Common;
using ImapTools.Common.Selection;
using Microsoft.AspNetCore.Http;

namespace ImapTools.Tools.ImapCopyWeb;

/// <summary>The form of the guide (section 8), validated on the server. Passwords live only as long as the request.</summary>
public sealed partial record CopyRequest
{
    /// <summary>Source server (host or host:port).</summary>
    public required string SourceHost { get; init; }
    /// <summary>Destination server.</summary>
    public required string DestHost { get; init; }
    /// <summary>Source user.</summary>
    public required string SourceUser { get; init; }
    /// <summary>Source password.</summary>
    public required string SourcePassword { get; init; }
    /// <summary>Destination user ("*" in the form: the source user).</summary>
    public required string DestUser { get; init; }
    /// <summary>Destination password ("*" in the form: the source password).</summary>
    public required string DestPassword { get; init; }
    /// <summary>Folders to copy (-m), comma-separated.</summary>
    public string? Folders { get; init; }
    /// <summary>Folders to exclude (-e), comma-separated.</summary>
    public string? ExcludeFolders { get; init; }
    /// <summary>Sent after (-a), DD-MMM-YYYY.</summary>
    public string? After { get; init; }
    /// <summary>Sent before (-b), DD-MMM-YYYY.</summary>
    public string? Before { get; init; }
    /// <summary>Update mode (-U).</summary>
    public bool Update { get; init; }

    /// <summary>The legacy field names of imapcopy.html.</summary>
    public static readonly string[] FieldNames =
        ["sourceHost", "destHost", "sourceUser", "sourcePwd", "destUser", "destPwd", "mbxList", "excludeMbxList", "sent_after", "sent_before", "update"];

    /// <summary>Reads and validates the posted form; <paramref name="errors"/> gets one message per bad field.</summary>
    public static CopyRequest? From(IFormCollection form, WebConfig config, List<string> errors)
    {
        string F(string name) => form[name].ToString().Trim();
        string srcHost = F("sourceHost"), dstHost = F("destHost"), srcUser = F("sourceUser"), dstUser = F("destUser");
        string srcPwd = form["sourcePwd"].ToString(), dstPwd = form["destPwd"].ToString();
        if (srcHost.Length == 0 || dstHost.Length == 0 || srcUser.Length == 0 || dstUser.Length == 0 || srcPwd.Length == 0 || dstPwd.Length == 0)
        {
            errors.Add("Please enter values for source & destination servers, source & destination usernames, and source & destination passwords");
            return null;
        }
        if (dstUser == "*") dstUser = srcUser;
        if (dstPwd == "*") dstPwd = srcPwd;
        CheckHost("Source server", srcHost, config, errors);
        CheckHost("Destination server", dstHost, config, errors);
        CheckUser("Source username", srcUser, errors);
        CheckUser("Destination username", dstUser, errors);
        if (srcPwd.Any(char.IsControl) || dstPwd.Any(char.IsControl)) errors.Add("Passwords cannot contain control characters");
        string? folders = CheckList("Copy only these folders", F("mbxList"), errors);
        string? exclude = CheckList("Exclude these folders", F("excludeMbxList"), errors);
        string? after = CheckDate("After date", F("sent_after"), errors);
        string? before = CheckDate("Before date", F("sent_before"), errors);
        if (errors.Count > 0) return null;
        return new CopyRequest
        {
            SourceHost = srcHost, DestHost = dstHost, SourceUser = srcUser, SourcePassword = srcPwd,
            DestUser = dstUser, DestPassword = dstPwd, Folders = folders, ExcludeFolders = exclude,
            After = after, Before = before, Update = F("update") is "on" or "1" or "true",
        };
    }

    private static void CheckHost(string label, string host, WebConfig config, List<string> errors)
    {
        var m = HostPattern().Match(host);
        if (!m.Success || (m.Groups["port"].Success && (!int.TryParse(m.Groups["port"].Value, out int port) || port is < 1 or > 65535)))
        {
            errors.Add($"{label}: '{host}' is not a host name or host:port");
            return;
        }
        string name = m.Groups["host"].Value;
        if (config.AllowedHosts.Count > 0 && !config.AllowedHosts.Contains(name, StringComparer.OrdinalIgnoreCase) && !config.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
            errors.Add($"{label}: {host} is not one of the servers this site copies between");
    }

    private static void CheckUser(string label, string user, List<string> errors)
    {
        if (user.Length > 256 || user.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '/'))
            errors.Add($"{label}: '{user}' cannot contain spaces, '/' or control characters");
    }

    private static string? CheckList(string label, string list, List<string> errors)
    {
        if (list.Length == 0) return null;
        if (list.Any(char.IsControl) || list.Length > 4000)
        {
            errors.Add($"{label}: the folder list cannot contain control characters");
            return null;
        }
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            errors.Add($"{label}: enter folder names separated by commas");
            return null;
        }
        return string.Join(',', names);
    }

    private static string? CheckDate(string label, string text, List<string> errors)
    {
        if (text.Length == 0) return null;
        try
        {
            ImapDate.ParseLegacy(text, label);
            return text;
        }
        catch (ImapToolsException)
        {
            errors.Add($"{label}: '{text}' is not a date like 01-Jan-2024");
            return null;
        }
    }

    [GeneratedRegex(@"^(?<host>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::(?<port>\d{1,5}))?$")]
    private static partial Regex HostPattern();
}
