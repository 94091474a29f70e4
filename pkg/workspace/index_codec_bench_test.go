package workspace

import (
	"bytes"
	"debug/elf"
	"encoding/gob"
	"os"
	"reflect"
	"testing"
	"unsafe"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// genValues parses the files of a generated workspace of n entities.
func genValues(tb testing.TB, n int) []any {
	tb.Helper()
	var out []any
	for p, src := range wsgen.Files(n) {
		if v := Decode(p, []byte(src)); v != nil {
			out = append(out, v)
		}
	}
	if len(out) < n {
		tb.Fatalf("%d values from %d files", len(out), n)
	}
	return out
}

// gobEntry is how the earlier load cache kept a value for gob (which
// also needed a list of the nil/empty "holes" it drops, not counted here).
type gobEntry struct {
	Workspace *model.Workspace
	Team      *model.Team
	Goal      *model.Goal
	Agreement *model.Agreement
	Map       *model.StakeholderMap
}

func toGob(v any) gobEntry {
	var g gobEntry
	switch v := v.(type) {
	case *model.Workspace:
		g.Workspace = v
	case *model.Team:
		g.Team = v
	case *model.Goal:
		g.Goal = v
	case *model.Agreement:
		g.Agreement = v
	case *model.StakeholderMap:
		g.Map = v
	}
	return g
}

// BenchmarkCodec compares gob with the index codec on the values of 2,000
// generated files: go test -run '^$' -bench Codec ./pkg/workspace
func BenchmarkCodec(b *testing.B) {
	vals := genValues(b, 2000)
	gobs := make([]gobEntry, len(vals))
	for i, v := range vals {
		gobs[i] = toGob(v)
	}
	var gbuf bytes.Buffer
	if err := gob.NewEncoder(&gbuf).Encode(gobs); err != nil {
		b.Fatal(err)
	}
	type enc struct {
		kind model.Kind
		d    decoder
	}
	var encs []enc
	var all []byte
	var offs [][2]int
	for _, v := range vals {
		p, err := planFor(reflect.TypeOf(v).Elem())
		if err != nil {
			b.Fatal(err)
		}
		e := encoder{buf: all}
		start := len(all)
		p.enc(&e, reflect.ValueOf(v).UnsafePointer())
		all = e.buf
		offs = append(offs, [2]int{start, len(all)})
		encs = append(encs, enc{kind: indexKinds[kindCode(v)]})
	}
	data := string(all)
	for i := range encs {
		encs[i].d = decoder{data: data, pos: offs[i][0], end: offs[i][1]}
	}
	b.Run("gob/encode", func(b *testing.B) {
		b.ReportMetric(float64(gbuf.Len()), "bytes")
		for b.Loop() {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(gobs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gob/decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out []gobEntry
			if err := gob.NewDecoder(bytes.NewReader(gbuf.Bytes())).Decode(&out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("index/encode", func(b *testing.B) {
		b.ReportMetric(float64(len(all)), "bytes")
		buf := make([]byte, 0, len(all))
		for b.Loop() {
			e := encoder{buf: buf[:0]}
			for _, v := range vals {
				p, _ := planFor(reflect.TypeOf(v).Elem())
				p.enc(&e, reflect.ValueOf(v).UnsafePointer())
			}
		}
	})
	b.Run("index/decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, x := range encs {
				v := model.NewEntity(x.kind)
				p, _ := planFor(reflect.TypeOf(v).Elem())
				if err := decodeValue(p, x.d, unsafe.Pointer(reflect.ValueOf(v).Pointer())); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkBuildKey: what naming the build costs on every command, against
// reading the Go build id from the executable's ELF note instead.
func BenchmarkBuildKey(b *testing.B) {
	b.Run("exe-stat", func(b *testing.B) {
		for b.Loop() {
			if exeIdentity() == "" {
				b.Fatal("no identity")
			}
		}
	})
	b.Run("elf-buildid", func(b *testing.B) {
		exe, err := os.Executable()
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			f, err := elf.Open(exe)
			if err != nil {
				b.Skip("not an ELF executable")
			}
			s := f.Section(".note.go.buildid")
			if s == nil {
				f.Close()
				b.Skip("no build id note")
			}
			if _, err := s.Data(); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}
