package workspace

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// TestLoadKinds: for each set of kinds, LoadKinds holds exactly the files
// of those kinds that Load holds (with collab.yaml), with the same values,
// and empty maps for the other kinds; with the index, those values come
// from it, and a load of some kinds keeps the index entries of the others.
func TestLoadKinds(t *testing.T) {
	dir := t.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(200)); err != nil {
		t.Fatal(err)
	}
	full, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	sets := [][]model.Kind{
		{model.KindGoal}, {model.KindAgreement}, {model.KindTeam}, {model.KindStakeholderMap},
		{model.KindGoal, model.KindTeam}, {}, model.EntityKinds,
	}
	check := func(t *testing.T, indexed bool) {
		for _, kinds := range sets {
			w, err := LoadKinds(dir, kinds...)
			if err != nil {
				t.Fatal(err)
			}
			w.Close()
			var want, got []string
			for _, e := range full.Files {
				if e.Kind == model.KindWorkspace || slices.Contains(kinds, e.Kind) {
					want = append(want, e.Path)
				}
			}
			cached := 0
			for _, e := range w.Files {
				got = append(got, e.Path)
				if e.Cached() {
					cached++
				}
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%v: files (-want +got):\n%s", kinds, d)
			}
			if indexed && cached != len(got) || !indexed && cached > 0 {
				t.Errorf("%v: %d of %d values from the index", kinds, cached, len(got))
			}
			pick := func(k model.Kind, m any) any {
				if slices.Contains(kinds, k) {
					return m
				}
				return nil
			}
			for _, c := range []struct {
				k         model.Kind
				want, got any
				n         int
			}{
				{model.KindTeam, pick(model.KindTeam, full.Teams), pick(model.KindTeam, w.Teams), len(w.Teams)},
				{model.KindGoal, pick(model.KindGoal, full.Goals), pick(model.KindGoal, w.Goals), len(w.Goals)},
				{model.KindAgreement, pick(model.KindAgreement, full.Agreements), pick(model.KindAgreement, w.Agreements), len(w.Agreements)},
				{model.KindStakeholderMap, pick(model.KindStakeholderMap, full.Maps), pick(model.KindStakeholderMap, w.Maps), len(w.Maps)},
			} {
				if d := cmp.Diff(c.want, c.got); d != "" {
					t.Errorf("%v: %s (-full +kinds):\n%s", kinds, c.k, d)
				}
				if !slices.Contains(kinds, c.k) && c.n != 0 {
					t.Errorf("%v: %d of %s loaded", kinds, c.n, c.k)
				}
			}
			if d := cmp.Diff(full.Config, w.Config); d != "" {
				t.Errorf("%v: config (-full +kinds):\n%s", kinds, d)
			}
		}
	}
	t.Run("no index", func(t *testing.T) {
		t.Setenv(NoCacheEnv, "1")
		check(t, false)
	})
	t.Run("index", func(t *testing.T) {
		withIndex(t, dir)
		check(t, true)
		// After loads of some kinds, a whole load still takes every
		// value from the index.
		w, err := LoadCached(dir)
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		for _, e := range w.Files[1:] {
			if !e.Cached() {
				t.Errorf("%s: not from the index after loads of some kinds", e.Path)
			}
		}
	})
}
