using System.Globalization;

namespace ImapTools.Common.Reporting;

/// <summary>A one-line live progress display (count, MB, rate, ETA) redrawn on a terminal's stderr.</summary>
public sealed class ProgressBar
{
    private readonly TextWriter _out;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private long _done, _bytes, _total;
    private long _lastDraw;

    /// <summary>Creates a bar writing to <paramref name="output"/>.</summary>
    public ProgressBar(TextWriter output) => _out = output;

    /// <summary>True when stderr is a terminal, so a bar makes sense.</summary>
    public static bool IsTerminal => !Console.IsErrorRedirected;

    /// <summary>Adds messages to the expected total.</summary>
    public void AddTotal(long messages) => Interlocked.Add(ref _total, messages);

    /// <summary>Records one copied message and redraws at most ten times a second.</summary>
    public void Advance(long bytes)
    {
        long done = Interlocked.Increment(ref _done);
        Interlocked.Add(ref _bytes, bytes);
        long now = _clock.ElapsedMilliseconds;
        long last = Interlocked.Read(ref _lastDraw);
        if (now - last < 100 || Interlocked.CompareExchange(ref _lastDraw, now, last) != last) return;
        Draw(done);
    }

    /// <summary>Clears the line at the end of the run.</summary>
    public void Finish()
    {
        lock (_out) _out.Write("\r\x1b[K");
    }

    private void Draw(long done)
    {
        double s = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        double rate = done / s;
        long total = Interlocked.Read(ref _total);
        string eta = rate > 0 && total > done ? TimeSpan.FromSeconds((total - done) / rate).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"\r{done}/{total} msgs  {Interlocked.Read(ref _bytes) / 1e6:0.0} MB  {rate:0.0} msgs/s  ETA {eta}\x1b[K");
        lock (_out) _out.Write(line);
    }
}
