using System.Diagnostics;

namespace Observatory.Bench.QueryBench;

/// <summary>A one-line console progress bar (rows written, rows/s over the last seconds and overall, ETA), redrawn twice a second.</summary>
internal sealed class ProgressBar : IDisposable
{
    private readonly long _total;
    private readonly Func<long> _done;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly Queue<(double Seconds, long Done)> _window = new();
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private double _lastPrinted = -100;
    private int _finished;

    public ProgressBar(long total, Func<long> done)
    {
        _total = total;
        _done = done;
        _timer = new Timer(_ => Draw(false), null, 500, 500);
    }

    public void Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            _timer.Dispose();
            Draw(true);
            Console.Error.WriteLine();
        }
    }

    private void Draw(bool final)
    {
        lock (_window)
        {
            var now = _watch.Elapsed.TotalSeconds;
            var done = _done();
            _window.Enqueue((now, done));
            while (_window.Count > 1 && now - _window.Peek().Seconds > 10)
            {
                _window.Dequeue();
            }

            var (t0, d0) = _window.Peek();
            var recent = now - t0 > 0.1 ? (done - d0) / (now - t0) : 0;
            var overall = now > 0 ? done / now : 0;
            var rate = recent > 0 ? recent : overall;
            var eta = rate > 0 ? TimeSpan.FromSeconds((_total - done) / rate) : TimeSpan.Zero;
            var fraction = _total == 0 ? 1 : Math.Min(1, (double)done / _total);
            const int width = 30;
            var filled = (int)(fraction * width);
            var line = $"[{new string('#', filled)}{new string('.', width - filled)}] {fraction,6:P1} {done,12:N0}/{_total:N0} spans " +
                       $"{rate,9:N0} rows/s (avg {overall:N0}) elapsed {Format(TimeSpan.FromSeconds(now))} ETA {(final ? "done" : Format(eta))}";
            if (_interactive)
            {
                Console.Error.Write("\r" + line.PadRight(Width()));
            }
            else if (final || now - _lastPrinted >= 10)
            {
                // Not a terminal (a log file, CI): one line every 10 s instead of carriage returns.
                Console.Error.WriteLine(line);
                _lastPrinted = now;
            }
        }
    }

    private static int Width()
    {
        try
        {
            return Math.Max(0, Console.BufferWidth - 1);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss") : t.ToString(@"m\:ss");

    public void Dispose() => Finish();
}
