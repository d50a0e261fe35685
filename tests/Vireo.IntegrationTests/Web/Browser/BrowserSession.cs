using PuppeteerSharp;

namespace Vireo.IntegrationTests.Web.Browser;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol (PuppeteerSharp), with one page open.
/// PuppeteerSharp never downloads a browser here: it is given the installed one. Waits are on the DOM with a
/// deadline (a MutationObserver inside the page), never sleeps; a wait that runs out fails with what the page
/// showed and any script errors it raised. Confirm dialogs are accepted and remembered.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>For a page reaction to a request or event (the server answers in well under this).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly IBrowser _browser;
    private readonly List<string> _scriptErrors = [];
    private readonly List<string> _confirms = [];
    private readonly Lock _gate = new();

    private BrowserSession(IBrowser browser, IPage page)
    {
        _browser = browser;
        Page = page;
        page.PageError += (_, e) => { lock (_gate) _scriptErrors.Add(e.Message); };
        page.Console += (_, e) =>
        {
            // Chromium also logs every 4xx answer as an error ("Failed to load resource"); those are the
            // refusals the tests provoke on purpose, not faults of the page's scripts.
            if (e.Message.Type == ConsoleType.Error && !e.Message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                lock (_gate) _scriptErrors.Add(e.Message.Text);
        };
        page.Dialog += async (_, e) =>
        {
            lock (_gate) _confirms.Add(e.Dialog.Message);
            await e.Dialog.Accept();
        };
    }

    public IPage Page { get; }

    /// <summary>The messages of the confirm dialogs the page raised (all accepted).</summary>
    public IReadOnlyList<string> Confirms
    {
        get { lock (_gate) return [.. _confirms]; }
    }

    /// <summary>Uncaught script errors and console.error lines of the page.</summary>
    public IReadOnlyList<string> ScriptErrors
    {
        get { lock (_gate) return [.. _scriptErrors]; }
    }

    public static async Task<BrowserSession> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium),
            $"{Chromium} is not installed (scripts/setup.sh installs Debian's chromium; apt-get install chromium).");
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Tests run as root, where chromium refuses its sandbox; /dev/shm may be small in containers.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
        try
        {
            var page = await browser.NewPageAsync();
            return new BrowserSession(browser, page);
        }
        catch
        {
            await browser.CloseAsync();
            throw;
        }
    }

    public Task GoToAsync(string url) => Page.GoToAsync(url, new NavigationOptions { Timeout = (int)Deadline.TotalMilliseconds });

    /// <summary>The CSS selector of a domain's row, optionally in a given state (virsh's word).</summary>
    public static string Row(string driver, string name, string? state = null) =>
        $"tr[data-domain=\"{driver}/{name}\"]" + (state is null ? "" : $"[data-state=\"{state}\"]");

    /// <summary>Waits for an element to be in the page and visible.</summary>
    public async Task WaitForAsync(string selector, TimeSpan? deadline = null)
    {
        try
        {
            await Page.WaitForSelectorAsync(selector, new WaitForSelectorOptions { Timeout = (int)(deadline ?? Deadline).TotalMilliseconds, Visible = true });
        }
        catch (WaitTaskTimeoutException)
        {
            Assert.Fail($"The page did not show {selector} within {(deadline ?? Deadline).TotalSeconds:0} s. {await DescribeAsync()}");
        }
    }

    /// <summary>Waits for an element to be hidden (or gone).</summary>
    public async Task WaitForHiddenAsync(string selector)
    {
        try
        {
            await Page.WaitForSelectorAsync(selector, new WaitForSelectorOptions { Timeout = (int)Deadline.TotalMilliseconds, Hidden = true });
        }
        catch (WaitTaskTimeoutException)
        {
            Assert.Fail($"{selector} was still shown after {Deadline.TotalSeconds:0} s. {await DescribeAsync()}");
        }
    }

    /// <summary>Clicks a row's button once it is enabled (a row's buttons are disabled while its request runs).</summary>
    public Task ClickActionAsync(string driver, string name, string action) =>
        ClickAsync($"{Row(driver, name)} [data-action=\"{action}\"]:not([disabled])");

    /// <summary>
    /// Waits for an element and clicks it. The tables re-render their rows when the event stream reports a change,
    /// so the button found may be replaced before Puppeteer clicks it ("Node is detached from document"): then the
    /// new one is found and clicked, until the deadline.
    /// </summary>
    public async Task ClickAsync(string selector)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            await WaitForAsync(selector);
            try
            {
                await Page.ClickAsync(selector);
                return;
            }
            catch (PuppeteerException e) when (e.Message.Contains("detached", StringComparison.OrdinalIgnoreCase) && DateTime.UtcNow < until)
            {
            }
        }
    }

    /// <summary>The text of the first element matching a selector ("" when there is none).</summary>
    public Task<string> TextAsync(string selector) =>
        Page.EvaluateFunctionAsync<string>("s => document.querySelector(s)?.textContent ?? ''", selector);

    /// <summary>Waits until an element's text matches a JavaScript regular expression.</summary>
    public async Task WaitForTextAsync(string selector, string pattern, TimeSpan? deadline = null)
    {
        var wait = deadline ?? Deadline;
        try
        {
            await Page.WaitForFunctionAsync(
                "(s, p) => new RegExp(p).test(document.querySelector(s)?.textContent ?? '')",
                new WaitForFunctionOptions { Timeout = (int)wait.TotalMilliseconds, Polling = WaitForFunctionPollingOption.Mutation },
                selector, pattern);
        }
        catch (WaitTaskTimeoutException)
        {
            var text = await TextAsync(selector);
            Assert.Fail($"{selector} did not show /{pattern}/ within {wait.TotalSeconds:0} s; it shows:\n{Tail(text)}\n{await DescribeAsync()}");
        }
    }

    /// <summary>Waits until no element matches a selector (a row that went away).</summary>
    public async Task WaitForGoneAsync(string selector)
    {
        try
        {
            await Page.WaitForFunctionAsync("s => document.querySelector(s) === null",
                new WaitForFunctionOptions { Timeout = (int)Deadline.TotalMilliseconds, Polling = WaitForFunctionPollingOption.Mutation }, selector);
        }
        catch (WaitTaskTimeoutException)
        {
            Assert.Fail($"{selector} was still on the page after {Deadline.TotalSeconds:0} s. {await DescribeAsync()}");
        }
    }

    /// <summary>Types into the focused element the way a person does (a keydown per character).</summary>
    public async Task TypeIntoAsync(string selector, string text)
    {
        await Page.FocusAsync(selector);
        await Page.Keyboard.TypeAsync(text);
    }

    /// <summary>What the page shows, for a failure message: the visible text and the script errors.</summary>
    public async Task<string> DescribeAsync()
    {
        string body;
        try
        {
            body = await Page.EvaluateExpressionAsync<string>("document.body.innerText");
        }
        catch (PuppeteerException e)
        {
            body = $"(the page could not be read: {e.Message})";
        }
        var errors = ScriptErrors;
        return $"The page shows:\n{Tail(body)}" + (errors.Count == 0 ? "" : $"\nScript errors:\n{string.Join('\n', errors)}");
    }

    private static string Tail(string s) => s.Length > 2000 ? s[^2000..] : s;

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _browser.Dispose();
    }
}
