// Package initcmd implements `collab init`.
package initcmd

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
	"github.com/collab-tools/collab/schema"
)

type Options struct {
	Context       context.Context // cancelled when collab is asked to stop
	IO            *iostreams.IOStreams
	ChangeOptions func() (change.Options, error)
	Dir           string
	Name          string
	VSCode        bool
}

func NewCmdInit(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, ChangeOptions: f.ChangeOptions}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Create a workspace",
		Long: `Create collab.yaml and the folders teams/, goals/, agreements/ and maps/ in
DIR (default: the current folder), a copy of the JSON schemas in
.collab/schema/ for editors (see "collab schema --write"), run "git init"
where there is no repository, and commit the new files. Inside an existing repository only
collab's own files go into the commit. With --vscode, it also writes
.vscode/settings.json mapping each folder to its schema. Without a git
identity to commit as (user.name and user.email) it refuses before creating
anything.`,
		Example: `  collab init acme --name "ACME Corp"
  cd existing-repo && collab init`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Context = cmd.Context()
			opts.Dir = f.WorkDir()
			if len(args) == 1 {
				opts.Dir = filepath.Join(opts.Dir, args[0])
			}
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Name, "name", "", "display name of the organization (default: the folder name)")
	cmd.Flags().BoolVar(&opts.VSCode, "vscode", false, "also write .vscode/settings.json mapping each folder to its schema (yaml.schemas)")
	return cmd
}

func initRun(opts *Options) error {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(filepath.Join(dir, workspace.ConfigFile)); err == nil {
		return fmt.Errorf("%s already holds a collab workspace (%s)", dir, workspace.ConfigFile)
	}
	title := opts.Name
	if title == "" {
		title = filepath.Base(dir)
	}
	if opts.VSCode {
		// Merging into a settings file that may hold comments is not ours to do.
		if _, err := os.Lstat(filepath.Join(dir, VSCodeSettings)); err == nil {
			return fmt.Errorf("%s already exists: run init without --vscode and add the yaml.schemas of docs/cli.md to it", filepath.Join(dir, VSCodeSettings))
		}
	}
	id := model.Slug(title, 64, "workspace")
	minOptions := model.DefaultMinOptions
	cfg := model.Workspace{
		Header: model.Header{APIVersion: model.APIVersion, Kind: model.KindWorkspace, Metadata: model.Metadata{ID: id, Title: title}},
		Spec: model.WorkspaceSpec{Policy: model.Policy{
			MinOptions: &minOptions, DueSoon: model.DefaultDueSoon,
			CheckinEvery: model.DefaultCheckinEvery, ReviewEvery: model.DefaultReviewEvery,
		}},
	}
	data, err := yamldoc.Marshal(cfg)
	if err != nil {
		return err
	}
	// The schema copy lets an editor check every file offline against the
	// schemas of this version; the modelines point at it.
	data = schema.WithModeline("workspace", workspace.ConfigFile, data)
	edit := &change.Edit{
		Files:  append([]change.File{{Path: workspace.ConfigFile, Data: data}}, SchemaFiles()...),
		Commit: change.Commit{Kind: model.KindWorkspace, ID: id, Action: "init", Subject: "initialize workspace " + title},
	}
	if opts.VSCode {
		b, err := vscodeSettings()
		if err != nil {
			return err
		}
		edit.Files = append(edit.Files, change.File{Path: VSCodeSettings, Data: b})
	}
	// Git keeps no empty folders: a .gitkeep makes each one survive a clone.
	for _, k := range model.EntityKinds {
		edit.Files = append(edit.Files, change.File{Path: k.Dir() + "/.gitkeep"})
	}
	copts, err := opts.ChangeOptions()
	if err != nil {
		return err
	}
	hash, err := change.Init(opts.Context, dir, copts, edit)
	if err != nil {
		return err
	}
	out := opts.IO.Out
	if hash != "" {
		subject, _, _ := strings.Cut(edit.Commit.Message(""), "\n")
		fmt.Fprintf(out, "[%s] %s\n", hash[:7], subject)
	}
	fmt.Fprintf(out, "Initialized collab workspace %q in %s\n\nNext:\n  collab team add ID --title TITLE --lead EMAIL\n  collab validate\n", title, dir)
	return nil
}

// SchemaFiles are the workspace's copies of the binary's schemas.
func SchemaFiles() []change.File {
	var files []change.File
	for _, n := range schema.Names {
		b, _ := schema.Get(n)
		files = append(files, change.File{Path: schema.CopyPath(n), Data: b})
	}
	return files
}

// VSCodeSettings is the VS Code settings file init --vscode writes.
const VSCodeSettings = ".vscode/settings.json"

// vscodeSettings maps each kind's files to the workspace's schema copy
// (yaml.schemas of VS Code's YAML extension), for files without a modeline.
func vscodeSettings() ([]byte, error) {
	schemas := map[string]string{"./" + schema.CopyPath("workspace"): model.ConfigFile}
	for _, k := range model.EntityKinds {
		schemas["./"+schema.CopyPath(strings.ToLower(string(k)))] = k.Dir() + "/*.yaml"
	}
	b, err := json.MarshalIndent(map[string]any{"yaml.schemas": schemas}, "", "  ")
	return append(b, '\n'), err
}
