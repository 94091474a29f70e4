package workspace

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
)

// roundTrip encodes v as an index entry and decodes it back.
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	buf, err := encodeEntry(nil, "x.yaml", safefile.Stat{Size: 1}, v, wordsOf(v))
	if err != nil {
		t.Fatal(err)
	}
	d := decoder{data: string(buf), end: len(buf)}
	ed := d.sub()
	ed.string()
	for range 5 {
		ed.uvarint()
	}
	e := &indexEntry{kind: ed.byte()}
	e.val, e.wrds = ed.sub(), ed.sub()
	back := e.value()
	if back == nil {
		t.Fatalf("%T did not decode", v)
	}
	if diff := cmp.Diff(wordsOf(v), e.words()); diff != "" {
		t.Errorf("words (-want +got):\n%s", diff)
	}
	return back
}

// Every value of the example workspace and of the edge cases the YAML
// decoder makes (nil against empty, pointers to zero) comes back exactly.
func TestCodecRoundTrip(t *testing.T) {
	var vals []any
	root := "../../examples/acme"
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".yaml" {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if v := Decode(filepath.ToSlash(rel), data); v != nil {
			vals = append(vals, v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	zero := 0.0
	vals = append(vals,
		Decode("goals/g.yaml", []byte("apiVersion: collab/v1\nkind: Goal\nmetadata: {id: g, title: G, labels: {}}\nspec:\n  status: draft\n  owner: a@b.c\n  teams: []\n  keyResults:\n  - {id: k, title: K, baseline: 0, target: 1.5e300}\n  checkins:\n  - {date: 2026-01-01, by: a@b.c, values: {}}\n")),
		&model.Agreement{Spec: model.AgreementSpec{Parties: []model.Party{}, Metrics: []model.Metric{{Baseline: &zero, Readings: []model.MetricReading{}}}, Cadence: &model.Cadence{}}},
		&model.Team{Spec: model.TeamSpec{Members: []model.Member{{SigningKeys: []string{}}, {}}}},
		&model.StakeholderMap{},
		&model.Workspace{},
	)
	vals = append(vals, genValues(t, 60)...)
	for _, v := range vals {
		back := roundTrip(t, v)
		if !reflect.DeepEqual(v, back) {
			t.Errorf("%T %v does not come back exactly:\n%s", v, v, cmp.Diff(v, back))
		}
	}
}

// validIndex is an index file of the example workspace.
func validIndex(t testing.TB) ([]byte, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../examples/acme")); err != nil {
		t.Fatal(err)
	}
	w, err := load(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	defer SetRacyWindow(-1 << 62)()
	p := filepath.Join(t.TempDir(), "index")
	w.writeIndex(p, nil, 0)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data, dir
}

// FuzzIndexDecode: no index file, however damaged, crashes a load or
// decodes into something the codec could not have written. The checksum
// is made right, so that the damage reaches the decoder.
func FuzzIndexDecode(f *testing.F) {
	data, dir := validIndex(f)
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add([]byte(indexMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 4 {
			return
		}
		body := data[:len(data)-4]
		binary.LittleEndian.PutUint32(data[len(data)-4:], crc32.Checksum(body, castagnoli()))
		defer SetRacyWindow(-1 << 62)()
		ix, err := decodeIndex(data, dir)
		if err != nil {
			return
		}
		for _, e := range ix.entries {
			if v := e.value(); v != nil {
				// What decodes goes through the codec again unchanged.
				if back := roundTrip(t, v); !reflect.DeepEqual(v, back) {
					t.Fatalf("%T changes on a second round trip:\n%s", v, cmp.Diff(v, back))
				}
			}
		}
	})
}

// Values decoded from one arena come back exactly as without it, and each
// slice ends where its array part does, so that appending to one never
// writes into another value.
func TestCodecArena(t *testing.T) {
	zero := 0.0
	vals := append(genValues(t, 300),
		&model.Agreement{Spec: model.AgreementSpec{Parties: []model.Party{}, Metrics: []model.Metric{{Baseline: &zero, Readings: []model.MetricReading{}}}, Cadence: &model.Cadence{}}},
		&model.Team{Spec: model.TeamSpec{Members: []model.Member{{SigningKeys: []string{}}, {}}}},
	)
	entries := make([]*indexEntry, len(vals))
	for i, v := range vals {
		buf, err := encodeEntry(nil, "x.yaml", safefile.Stat{Size: 1}, v, nil)
		if err != nil {
			t.Fatal(err)
		}
		d := decoder{data: string(buf), end: len(buf)}
		ed := d.sub()
		ed.string()
		for range 5 {
			ed.uvarint()
		}
		entries[i] = &indexEntry{kind: ed.byte()}
		entries[i].val, entries[i].wrds = ed.sub(), ed.sub()
	}
	a := &arena{}
	backs := make([]any, len(vals))
	for i, e := range entries {
		if backs[i] = e.valueIn(a); backs[i] == nil {
			t.Fatalf("%T did not decode", vals[i])
		}
		if !reflect.DeepEqual(vals[i], backs[i]) {
			t.Fatalf("%T does not come back exactly:\n%s", vals[i], cmp.Diff(vals[i], backs[i]))
		}
	}
	// Appending to every slice of every value leaves the others as they were.
	var grow func(v reflect.Value)
	grow = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				grow(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				grow(v.Field(i))
			}
		case reflect.Slice:
			if v.Cap() != v.Len() {
				t.Fatalf("a %s of length %d has capacity %d", v.Type(), v.Len(), v.Cap())
			}
			for i := range v.Len() {
				grow(v.Index(i))
			}
			if !v.IsNil() && v.CanSet() {
				v.Set(reflect.Append(v, reflect.New(v.Type().Elem()).Elem()))
			}
		}
	}
	for i := range backs {
		grow(reflect.ValueOf(backs[i]))
		for j := i + 1; j < len(backs); j++ {
			if !reflect.DeepEqual(vals[j], backs[j]) {
				t.Fatalf("appending to the slices of value %d changed value %d:\n%s", i, j, cmp.Diff(vals[j], backs[j]))
			}
		}
	}
}
