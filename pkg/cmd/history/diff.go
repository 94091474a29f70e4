package history

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/semdiff"
)

// Diff formats.
var diffFormats = []string{"text", "markdown", "json"}

type DiffOptions struct {
	IO      *iostreams.IOStreams
	WorkDir func() string
	Range   string // "", REV, A..B or A...B
	Format  string
}

func NewCmdDiff(f *cmdutil.Factory, runF func(*DiffOptions) error) *cobra.Command {
	opts := &DiffOptions{IO: f.IO, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "diff [REV | REV..REV | REV...REV]",
		Short: "Show what changed between revisions, entity by entity",
		Long: `Compare the workspace between two revisions by meaning: entities added and
removed, field changes by path (list items matched by their id, team, party
or person), status transitions, and for agreements whether the terms changed
and which parties must accept again.

Without arguments, HEAD against the work tree. REV compares REV with the work
tree; A..B compares A with B; A...B compares the merge base of A and B with B,
which is what a pull request from B into A changes.

--format text is coloured on a terminal; markdown is ready to post as a
pull-request comment; json is for tools.`,
		Example: `  collab diff
  collab diff HEAD~3
  collab diff main...feature --format markdown > comment.md
  collab diff v1..v2 --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Range = args[0]
			}
			if !slices.Contains(diffFormats, opts.Format) {
				return cmdutil.FlagErrorf("invalid format %q: use text, markdown or json", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return diffRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: text, markdown or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cmdutil.FixedCompletion(diffFormats...))
	return cmd
}

// DiffResult is `collab diff --format json`.
type DiffResult struct {
	From       string            `json:"from"`                 // the revision as given (or the merge base)
	FromCommit string            `json:"fromCommit"`           // full hash
	To         string            `json:"to"`                   // the revision, or "work tree"
	ToCommit   string            `json:"toCommit,omitempty"`   // empty for the work tree
	MergeBase  bool              `json:"mergeBase,omitempty"`  // From is the merge base of A...B
	MustAccept map[string]string `json:"mustAccept,omitempty"` // agreement id -> sentence
	Entities   []*semdiff.Entity `json:"entities"`
}

// splitRange parses "", REV, A..B, A...B; an empty side means HEAD, as in git.
func splitRange(s string) (from, to string, symmetric bool, err error) {
	switch {
	case s == "":
		return "HEAD", "", false, nil
	case strings.Contains(s, "..."):
		from, to, _ = strings.Cut(s, "...")
		symmetric = true
	case strings.Contains(s, ".."):
		from, to, _ = strings.Cut(s, "..")
	default:
		return s, "", false, nil
	}
	if from == "" {
		from = "HEAD"
	}
	if to == "" {
		to = "HEAD"
	}
	if strings.Contains(to, "..") {
		return "", "", false, cmdutil.FlagErrorf("invalid range %q: use REV, A..B or A...B", s)
	}
	return from, to, symmetric, nil
}

func diffRun(opts *DiffOptions) error {
	fromRev, toRev, symmetric, err := splitRange(opts.Range)
	if err != nil {
		return err
	}
	r, err := openRepo(opts.WorkDir())
	if err != nil {
		return err
	}
	defer r.Close()
	from, err := r.Resolve(fromRev)
	if err != nil {
		return err
	}
	res := &DiffResult{From: fromRev, To: "work tree"}
	if toRev == "" {
		res.FromCommit = from.String()
		if res.Entities, err = r.DiffWorkTree(from); err != nil {
			return err
		}
	} else {
		to, err := r.Resolve(toRev)
		if err != nil {
			return err
		}
		res.To, res.ToCommit = toRev, to.String()
		if symmetric {
			if from, err = r.MergeBase(from, to); errors.Is(err, history.ErrNoMergeBase) {
				return fmt.Errorf("%w: compare the two revisions directly with %s..%s", err, fromRev, toRev)
			} else if err != nil {
				return err
			}
			res.MergeBase = true
		}
		res.FromCommit = from.String()
		if res.Entities, err = r.Diff(from, to); err != nil {
			return err
		}
	}
	return writeDiff(opts, res)
}

// writeDiff prints res in opts.Format.
func writeDiff(opts *DiffOptions, res *DiffResult) error {
	for _, e := range res.Entities {
		if l := e.AcceptLine(); l != "" {
			if res.MustAccept == nil {
				res.MustAccept = map[string]string{}
			}
			res.MustAccept[e.ID] = l
		}
	}
	out := opts.IO.Out
	switch opts.Format {
	case "json":
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	case "markdown":
		label := opts.Range
		if label == "" {
			label = "HEAD against the work tree"
		}
		return semdiff.WriteMarkdown(out, "collab diff "+strings.ReplaceAll(label, "`", "'"), res.Entities)
	}
	// Written whole: a write per line costs a system call per line (the
	// stream escapes the same text however it is split into lines).
	var b bytes.Buffer
	if err := semdiff.WriteText(&b, res.Entities, painter(opts.IO)); err != nil {
		return err
	}
	_, err := out.Write(b.Bytes())
	return err
}
