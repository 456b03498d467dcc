using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace ImapTools.Tools.ImapCopyWeb;

/// <summary>The HTML of the front end: the guide's form, the refusal page and the job status page. Every value is encoded.</summary>
public static class Pages
{
    private static string E(string? s) => HtmlEncoder.Default.Encode(s ?? "");

    private const string Style = """
        <style>
        body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;color:#222}
        h1{font-size:1.6rem;letter-spacing:.05em} table.form td{padding:.25rem .5rem}
        input[type=text],input[type=password]{width:15rem;padding:.3rem}
        .errors{color:#b00020;border:1px solid #b00020;padding:.5rem 1rem;margin-bottom:1rem}
        .bar{height:1.2rem;background:#eee;border-radius:.3rem;overflow:hidden}
        .bar div{height:100%;background:#2a7ae2;width:0}
        dl{display:grid;grid-template-columns:10rem auto} dt{font-weight:600} pre{background:#f6f6f6;padding:.5rem;overflow:auto;max-height:20rem}
        </style>
        """;

    /// <summary>The copy form, filled again with the posted values (never the passwords) when it had errors.</summary>
    public static string Form(string tokenField, string token, IReadOnlyList<string> errors, Microsoft.AspNetCore.Http.IFormCollection? posted)
    {
        string V(string name) => E(posted?[name].ToString());
        var b = new StringBuilder();
        b.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>IMAPCOPY</title>").Append(Style).Append("</head><body>");
        b.Append("<h1>IMAPCOPY</h1>");
        if (errors.Count > 0)
        {
            b.Append("<div class=\"errors\" id=\"errors\">");
            foreach (var e in errors) b.Append("<p>").Append(E(e)).Append("</p>");
            b.Append("<p>Correct the info and try again.</p></div>");
        }
        b.Append("<form method=\"post\" action=\"/copy\" id=\"copyform\">");
        b.Append("<input type=\"hidden\" name=\"").Append(E(tokenField)).Append("\" value=\"").Append(E(token)).Append("\">");
        b.Append("<table class=\"form\">");
        Row(b, "Source server", $"<input type=\"text\" name=\"sourceHost\" id=\"sourceHost\" value=\"{V("sourceHost")}\" required>");
        Row(b, "Destination server", $"<input type=\"text\" name=\"destHost\" id=\"destHost\" value=\"{V("destHost")}\" required>");
        Row(b, "Source username", $"<input type=\"text\" name=\"sourceUser\" id=\"sourceUser\" value=\"{V("sourceUser")}\" required autocomplete=\"off\">",
            "Source password", "<input type=\"password\" name=\"sourcePwd\" id=\"sourcePwd\" required autocomplete=\"off\">");
        Row(b, "Destination username", $"<input type=\"text\" name=\"destUser\" id=\"destUser\" value=\"{V("destUser")}\" required autocomplete=\"off\">",
            "Destination password", "<input type=\"password\" name=\"destPwd\" id=\"destPwd\" required autocomplete=\"off\">");
        Row(b, "Copy only these folders", $"<input type=\"text\" name=\"mbxList\" id=\"mbxList\" value=\"{V("mbxList")}\" placeholder=\"folder1,folder2\">");
        Row(b, "Exclude these folders", $"<input type=\"text\" name=\"excludeMbxList\" id=\"excludeMbxList\" value=\"{V("excludeMbxList")}\" placeholder=\"folder1,folder2\">");
        Row(b, "After date", $"<input type=\"text\" name=\"sent_after\" id=\"sent_after\" value=\"{V("sent_after")}\" placeholder=\"DD-MMM-YYYY\">");
        Row(b, "Before date", $"<input type=\"text\" name=\"sent_before\" id=\"sent_before\" value=\"{V("sent_before")}\" placeholder=\"DD-MMM-YYYY\">");
        Row(b, "Update mode", $"<input type=\"checkbox\" name=\"update\" id=\"update\"{(posted?["update"].ToString() == "on" ? " checked" : "")}>");
        b.Append("</table><p><button type=\"submit\" id=\"submit\">Submit</button> <button type=\"reset\">Clear form</button></p></form>");
        b.Append("<p>After clicking on Submit the copy process will start. Depending on the size of your account it will take a few minutes or more ")
         .Append("to copy everything over. The next page shows its progress, and a summary is placed in both inboxes when it finishes.</p>");
        b.Append("</body></html>");
        return b.ToString();
    }

    private static void Row(StringBuilder b, string label, string input, string? label2 = null, string? input2 = null)
    {
        b.Append("<tr><td><label>").Append(E(label)).Append("</label></td><td>").Append(input).Append("</td>");
        if (label2 is not null) b.Append("<td><label>").Append(E(label2)).Append("</label></td><td>").Append(input2).Append("</td>");
        b.Append("</tr>");
    }

    /// <summary>The page shown when PROCESS_LIMIT copies are running.</summary>
    public static string Busy() =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>IMAPCOPY</title>{Style}</head><body><h1>IMAPCOPY</h1>" +
        $"<p id=\"busy\">{E(CopyJobs.LimitMessage)}</p><p><a href=\"/\">Back to the form</a></p></body></html>";

    /// <summary>The status page: polls /job/{id}/status every second.</summary>
    public static string Status(CopyJob job) => $$"""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>IMAPCOPY job</title>{{Style}}</head><body>
        <h1>IMAPCOPY</h1>
        <p>Your copy job has been started.  You will be notified when it has completed</p>
        <p>{{E(job.Description)}}</p>
        <div class="bar"><div id="bar"></div></div>
        <dl>
        <dt>State</dt><dd id="state">{{E(job.State)}}</dd>
        <dt>Messages</dt><dd id="messages">0</dd>
        <dt>Megabytes</dt><dd id="mb">0.00</dd>
        <dt>Folder</dt><dd id="folder"></dd>
        <dt>Time left</dt><dd id="eta">--</dd>
        <dt>Result</dt><dd id="result"></dd>
        </dl>
        <table id="folders"></table>
        <pre id="output"></pre>
        <script>
        const url = '/job/{{job.Id}}/status';
        async function poll() {
          const r = await fetch(url, {credentials: 'same-origin'});
          if (!r.ok) { document.getElementById('state').textContent = 'unknown job'; return; }
          const s = await r.json();
          document.getElementById('state').textContent = s.state;
          document.getElementById('messages').textContent = s.messages + (s.totalMessages ? ' of ' + s.totalMessages : '');
          document.getElementById('mb').textContent = (s.bytes / 1e6).toFixed(2) + (s.totalBytes ? ' of ' + (s.totalBytes / 1e6).toFixed(2) : '');
          document.getElementById('folder').textContent = s.folder || '';
          document.getElementById('eta').textContent = s.etaSeconds == null ? '--' : Math.round(s.etaSeconds) + ' s';
          document.getElementById('bar').style.width = (s.totalMessages ? Math.min(100, 100 * s.messages / s.totalMessages) : 0) + '%';
          document.getElementById('output').textContent = s.output.join('\n');
          if (s.folders && !document.getElementById('folders').rows.length) {
            const t = document.getElementById('folders');
            const row = (cells, tag) => { const tr = t.insertRow(); cells.forEach(c => { const td = document.createElement(tag); td.textContent = c; tr.appendChild(td); }); };
            row(['Folder', 'Messages', 'MB'], 'th');
            let n = 0, b = 0;
            s.folders.forEach(f => { row([f.name, f.messages.toLocaleString('en-US'), (f.bytes / 1e6).toFixed(2)], 'td'); n += f.messages; b += f.bytes; });
            row(['Totals', n.toLocaleString('en-US'), (b / 1e6).toFixed(2)], 'td');
          }
          if (s.state === 'done' || s.state === 'failed') {
            document.getElementById('result').textContent = s.state === 'done'
              ? 'Finished: ' + s.messages + ' messages copied' : 'Failed (exit code ' + s.exitCode + ')';
            document.body.dataset.finished = s.state;
            return;
          }
          setTimeout(poll, 1000);
        }
        poll();
        </script>
        </body></html>
        """;

    /// <summary>The JSON the status page polls.</summary>
    public static object StatusJson(CopyJob job) => new StatusDocument(job.State, job.Messages, job.TotalMessages, job.Bytes, job.TotalBytes,
        job.Folder, job.EtaSeconds is double eta ? Math.Round(eta, 1) : null, job.ExitCode, job.Output, job.Folders);
}

/// <summary>The status document (camelCase JSON).</summary>
public sealed record StatusDocument(string State, long Messages, long TotalMessages, long Bytes, long TotalBytes, string? Folder,
    double? EtaSeconds, int? ExitCode, IReadOnlyList<string> Output, IReadOnlyList<FolderRow>? Folders);
