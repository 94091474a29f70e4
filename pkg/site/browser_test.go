package site

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	statuscmd "github.com/collab-tools/collab/pkg/cmd/status"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/status"
)

// The checks in this file drive real tools: Debian's chromium (headless)
// and, from npm, html-validate and axe-core. .ci/run installs them, sets
// COLLAB_NODE_MODULES to the node_modules folder holding the npm packages
// and exports COLLAB_CI=1; outside CI a check whose tool is missing is
// skipped, in CI it fails.

// need returns what find finds, skipping the test (failing it in CI) when
// it finds nothing.
func need(t *testing.T, what string, find func() (string, bool)) string {
	t.Helper()
	v, ok := find()
	if ok {
		return v
	}
	if os.Getenv("COLLAB_CI") != "" {
		t.Fatalf("%s is missing: .ci/run installs it", what)
	}
	t.Skipf("%s is missing (.ci/run installs it)", what)
	return ""
}

func chromium(t *testing.T) string {
	return need(t, "chromium (apt-get install chromium)", func() (string, bool) {
		p, err := exec.LookPath("chromium")
		return p, err == nil
	})
}

// nodeModule returns a file of an npm package installed under
// $COLLAB_NODE_MODULES.
func nodeModule(t *testing.T, rel string) string {
	return need(t, "npm package file "+rel+" under $COLLAB_NODE_MODULES", func() (string, bool) {
		dir := os.Getenv("COLLAB_NODE_MODULES")
		if dir == "" {
			return "", false
		}
		p := filepath.Join(dir, filepath.FromSlash(rel))
		_, err := os.Stat(p)
		return p, err == nil
	})
}

// writeAcme writes the acme report at acmeAsOf into a temporary folder.
func writeAcme(t *testing.T) (string, Files) {
	t.Helper()
	in := acme(t)
	if g, ok := FindGraphviz(); ok {
		in.Diagram = g
	}
	files := build(t, in)
	dir := filepath.Join(t.TempDir(), "site")
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir, files
}

// browser starts a headless chromium with a fresh profile, no network
// features, and returns its context.
func browser(t *testing.T) context.Context {
	t.Helper()
	exe := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelCtx := chromedp.NewContext(ctx)
	t.Cleanup(cancelCtx)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// pageProblems collects, while pages load, what a reader would see go
// wrong: console errors, uncaught exceptions, failed loads, and any request
// that leaves file://.
type pageProblems struct {
	mu   sync.Mutex
	list []string
}

func (p *pageProblems) add(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

func (p *pageProblems) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.list
	p.list = nil
	return l
}

func listen(t *testing.T, ctx context.Context) *pageProblems {
	p := &pageProblems{}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value))
				}
				p.add("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			p.add("exception: %s", ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				p.add("log: %s %s", ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			if !strings.HasPrefix(ev.Request.URL, "file://") && !strings.HasPrefix(ev.Request.URL, "data:") {
				p.add("request to another host: %s", ev.Request.URL)
			}
		case *network.EventLoadingFailed:
			p.add("load failed: %s", ev.ErrorText)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBrowserAcme opens every page of the acme report in headless
// chromium: each loads with no console error and no request leaving the
// site; the home page holds every figure `collab status` prints for the
// same date; the home page and an agreement page are captured as
// screenshots in the test's temporary folder.
func TestBrowserAcme(t *testing.T) {
	dir, files := writeAcme(t)
	ctx := browser(t)
	problems := listen(t, ctx)
	pages := 0
	for _, p := range files.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pages++
		u := "file://" + filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(p)))
		if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		title, err := chromedp.Run(ctx, chromedp.Title())
		if err != nil {
			t.Fatal(err)
		}
		// The stylesheet was applied: the header is laid out as a flex row.
		display, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header.site")).display`))
		if err != nil {
			t.Fatal(err)
		}
		if display != "flex" {
			t.Errorf("%s: style.css not applied (header display %q)", p, display)
		}
		for _, pr := range problems.take() {
			t.Errorf("%s: %s", p, pr)
		}
		if !strings.HasSuffix(title, "· ACME Corp") {
			t.Errorf("%s: title %q", p, title)
		}
	}
	if pages < 20 {
		t.Fatalf("only %d pages", pages)
	}

	shots := t.TempDir()
	for _, p := range []string{"index.html", "agreements/feature-x-launch.html"} {
		u := "file://" + filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(p)))
		if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 20000 {
			t.Errorf("%s: screenshot is not a PNG of a page (%d bytes)", p, len(png))
		}
		f := filepath.Join(shots, strings.ReplaceAll(p, "/", "_")+".png")
		if err := os.WriteFile(f, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", f)
	}

	// What collab status prints for the same date, read by the command itself.
	ct := cmdtest.New(filepath.Join("..", "..", "examples", "acme"))
	ct.F.AsOfFlag = string(acmeAsOf)
	if err := ct.Run(statuscmd.NewCmdStatus(ct.F, nil), "-o", "json"); err != nil {
		t.Fatal(err)
	}
	var s status.Status
	if err := json.Unmarshal(ct.Out.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	home := "file://" + filepath.ToSlash(filepath.Join(dir, "index.html"))
	if err := chromedp.Do(ctx, chromedp.Navigate(home)); err != nil {
		t.Fatal(err)
	}
	body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	body = strings.Join(strings.Fields(body), " ")
	var want []string
	for _, sec := range [][]status.Item{s.NeedsAction, s.Overdue, s.Escalations, s.Wins} {
		for _, it := range sec {
			want = append(want, it.Ref()+" "+strings.Join(strings.Fields(it.Text), " "), strings.Join(strings.Fields(status.Who(it.People, func(p string) string { return p })), " "))
			if it.Date != "" {
				want = append(want, string(it.Date))
			}
		}
	}
	for _, g := range s.Goals {
		want = append(want, g.ID+" "+g.Health+" "+status.GoalPace(g))
	}
	for _, b := range s.Bottlenecks {
		want = append(want, fmt.Sprintf("%s %d %d %d %d", b.Team, b.Score, b.Waiting, b.Acceptances, b.MissedCheckins))
	}
	want = append(want, fmt.Sprintf("%d Needs action now", len(s.NeedsAction)), fmt.Sprintf("%d Wins", len(s.Wins)))
	if len(want) < 10 {
		t.Fatalf("status of the example has too few lines to compare: %d", len(want))
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("home page in the browser lacks %q", w)
		}
	}
}

// TestAxe runs axe-core in headless chromium on every page of the acme
// report, in the light scheme, and on one page of each kind in the dark
// one: no serious or critical violation.
func TestAxe(t *testing.T) {
	axe, err := os.ReadFile(nodeModule(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	dir, files := writeAcme(t)
	ctx := browser(t)
	type violation struct {
		ID     string   `json:"id"`
		Impact string   `json:"impact"`
		Help   string   `json:"help"`
		Nodes  []string `json:"nodes"`
	}
	const run = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))`
	check := func(p, scheme string) {
		u := "file://" + filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(p)))
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.Evaluate[chromedp.Void](string(axe))); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](run, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, v := range vs {
			msg := fmt.Sprintf("%s (%s): axe %s %s: %s at %v", p, scheme, v.Impact, v.ID, v.Help, v.Nodes)
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	}
	for _, p := range files.Paths() {
		if strings.HasSuffix(p, ".html") {
			check(p, "light")
		}
	}
	for _, p := range []string{"index.html", "goals/feature-x-adoption.html", "agreements/feature-x-launch.html", "teams/product.html", "maps/feature-x-launch.html", "goals/index.html"} {
		check(p, "dark")
	}
}

// TestHTMLValidate validates every page of the acme report and of a site
// built from hostile text with html-validate's recommended rules.
func TestHTMLValidate(t *testing.T) {
	bin := nodeModule(t, ".bin/html-validate")
	dir, files := writeAcme(t)
	hostileDir := filepath.Join(t.TempDir(), "hostile")
	if err := Write(hostileDir, build(t, hostileInput())); err != nil {
		t.Fatal(err)
	}
	args := []string{"--config", filepath.Join("testdata", "htmlvalidate.json")}
	for _, p := range files.Paths() {
		if strings.HasSuffix(p, ".html") {
			args = append(args, filepath.Join(dir, filepath.FromSlash(p)))
		}
	}
	matches, err := filepath.Glob(filepath.Join(hostileDir, "*", "*.html"))
	if err != nil || len(matches) == 0 {
		t.Fatalf("hostile site: %v %v", matches, err)
	}
	args = append(append(args, filepath.Join(hostileDir, "index.html")), matches...)
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("html-validate: %v\n%s", err, out)
	}
}
