using System.Globalization;
using System.Text;

namespace ImapTools.Common.Stores.Maildir;

/// <summary>
/// A Maildir folder's <c>dovecot-keywords</c> file: one line <c>&lt;index&gt; &lt;keyword&gt;</c> per keyword,
/// index 0–25 standing for the info letters a–z (Dovecot's format; Dovecot reads it when serving the Maildir).
/// </summary>
public sealed class DovecotKeywords
{
    /// <summary>The file name inside a Maildir folder.</summary>
    public const string FileName = "dovecot-keywords";

    /// <summary>How many keywords a Maildir name can carry (letters a–z).</summary>
    public const int Capacity = 26;

    private readonly string?[] _byIndex = new string?[Capacity];
    private readonly string _path;

    private DovecotKeywords(string folderPath) => _path = Path.Combine(folderPath, FileName);

    /// <summary>Loads the file of a folder (absent: no keywords).</summary>
    public static DovecotKeywords Load(string folderPath)
    {
        var result = new DovecotKeywords(folderPath);
        if (!File.Exists(result._path)) return result;
        foreach (string line in File.ReadAllLines(result._path, Encoding.UTF8))
        {
            int space = line.IndexOf(' ');
            if (space <= 0) continue;
            if (int.TryParse(line[..space], NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < Capacity)
                result._byIndex[i] = line[(space + 1)..].TrimEnd('\r');
        }
        return result;
    }

    /// <summary>The keywords named by the lower-case letters of an info suffix (letters without an entry are ignored).</summary>
    public HashSet<string> Keywords(string letters)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (char c in letters)
            if (c is >= 'a' and <= 'z' && _byIndex[c - 'a'] is string k) set.Add(k);
        return set;
    }

    /// <summary>
    /// The letters of <paramref name="keywords"/>, adding new entries as needed (saved with <see cref="Save"/>);
    /// keywords beyond the 26 letters are returned in <paramref name="dropped"/>.
    /// </summary>
    public string Letters(IEnumerable<string> keywords, out List<string> dropped, out bool changed)
    {
        dropped = [];
        changed = false;
        var letters = new List<char>();
        foreach (string k in keywords)
        {
            int i = Array.IndexOf(_byIndex, k);
            if (i < 0)
            {
                i = Array.IndexOf(_byIndex, null);
                if (i < 0) { dropped.Add(k); continue; }
                _byIndex[i] = k;
                changed = true;
            }
            letters.Add((char)('a' + i));
        }
        letters.Sort();
        return new string(letters.ToArray());
    }

    /// <summary>Writes the file atomically (temporary file, then rename).</summary>
    public void Save()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Capacity; i++)
            if (_byIndex[i] is string k) sb.Append(i.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(k).Append('\n');
        string temp = _path + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(temp, sb.ToString(), new UTF8Encoding(false));
        File.Move(temp, _path, overwrite: true);
    }
}
