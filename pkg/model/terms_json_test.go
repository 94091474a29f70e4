package model_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// checkTermsJSON fails t unless the hand-written terms JSON is byte for
// byte what encoding/json gives, or both refuse the terms.
func checkTermsJSON(t *testing.T, name string, a *model.Agreement) {
	t.Helper()
	want, werr := json.Marshal(a.Terms())
	got, ok := model.AppendTermsJSON(nil, a)
	switch {
	case werr != nil && ok:
		t.Errorf("%s: json.Marshal fails (%v) but the appender wrote %q", name, werr, got)
	case werr == nil && !ok:
		t.Errorf("%s: the appender refused terms json.Marshal writes as %q", name, want)
	case werr == nil && !bytes.Equal(got, want):
		t.Errorf("%s: terms JSON differs\n got: %q\nwant: %q", name, got, want)
	}
	if werr == nil && ok && !t.Failed() {
		if !bytes.Equal(model.TermsJSON(a), want) {
			t.Errorf("%s: TermsJSON is not json.Marshal(a.Terms())", name)
		}
	}
}

func TestTermsJSONExamples(t *testing.T) {
	paths, err := filepath.Glob("../../examples/*/agreements/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no example agreements found (%v)", err)
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var a model.Agreement
		if err := yaml.Unmarshal(src, &a); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkTermsJSON(t, p, &a)
	}
}

func TestTermsJSONGenerated(t *testing.T) {
	n := 0
	for name, src := range wsgen.Files(400) {
		if !strings.HasPrefix(name, "agreements/") {
			continue
		}
		var a model.Agreement
		if err := yaml.Unmarshal([]byte(src), &a); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkTermsJSON(t, name, &a)
		n++
	}
	if n < 100 {
		t.Fatalf("only %d generated agreements", n)
	}
}

// TestTermsJSONHostile: every escape and number form encoding/json has,
// in every kind of field, plus nil against empty lists.
func TestTermsJSONHostile(t *testing.T) {
	texts := []string{"", "plain", `<a href="x">&amp;</a>`, "\\\"", "\b\f\n\r\t", "\x00\x01\x1f\x7f",
		"\u2028\u2029", "\xff", "\xe2\x80", "a\xc0\xafb", "\xed\xa0\x80", "日本語 ü €", "\U0001F600", "\ufffd"}
	nums := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.99999e-7, 1e-7, -1e-7, 1e20, 1e21, -1e21, 123456789e20,
		5e-324, math.MaxFloat64, math.SmallestNonzeroFloat64, 1.5e-300, 1e100, 30, 0.3333333333333333}
	for i, s := range texts {
		for j, x := range nums {
			a := fuzzAgreement(s, texts[(i+j)%len(texts)], texts[(i*7+j)%len(texts)], x, nums[(j+3)%len(nums)], uint64(i*131+j*17)*0x9e3779b97f4a7c15)
			checkTermsJSON(t, "hostile", a)
		}
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		checkTermsJSON(t, "bad number", fuzzAgreement("x", "y", "z", bad, 1, 0xffff_ffff_ffff_ffff))
	}
}

// fuzzAgreement builds an agreement whose every term comes from the three
// texts and two numbers; shape's bits choose list lengths, nil or empty
// lists and which optional fields are set.
func fuzzAgreement(s1, s2, s3 string, x, y float64, shape uint64) *model.Agreement {
	pool := []string{s1, s2, s3, "", s1 + s2, s3 + s1}
	bits := func(n uint) int {
		v := int(shape & (1<<n - 1))
		shape = shape>>n | shape<<(64-n)
		return v
	}
	str := func() string { return pool[bits(3)%len(pool)] }
	list := func() []string {
		switch n := bits(2); n {
		case 0:
			return nil
		case 1:
			return []string{}
		default:
			l := make([]string, n-1)
			for i := range l {
				l[i] = str()
			}
			return l
		}
	}
	num := func(v float64) *float64 {
		if bits(1) == 0 {
			return nil
		}
		return &v
	}
	s := model.AgreementSpec{Status: str(), Owner: str(), Goals: list(), Purpose: str(), Escalation: list()}
	for range bits(2) {
		s.Parties = append(s.Parties, model.Party{Team: str(), Owner: str(), Interests: list()})
	}
	for range bits(2) {
		s.Parameters = append(s.Parameters, model.Parameter{Name: str(), Kind: str(), Text: str(), Hard: bits(1) == 1})
	}
	for range bits(2) {
		s.Options = append(s.Options, model.Option{Title: str(), Chosen: bits(1) == 1, Pros: list(), Note: str()})
	}
	for range bits(2) {
		st := []string{"", model.CommitmentOpen, model.CommitmentDropped, model.CommitmentDone}[bits(2)]
		s.Commitments = append(s.Commitments, model.Commitment{ID: str(), Party: str(), Owner: str(), Deliverable: str(),
			Due: model.Date(str()), Status: st, DependsOn: list(), Note: str()})
	}
	for range bits(2) {
		s.Metrics = append(s.Metrics, model.Metric{Name: str(), Target: str(), Source: str(), Unit: str(),
			Baseline: num(x), TargetValue: num(y), Direction: str(),
			Readings: []model.MetricReading{{Date: "2026-03-04", Value: x, By: str()}}})
	}
	for range bits(2) {
		s.ServiceLevels = append(s.ServiceLevels, model.ServiceLevel{Name: str(), Provider: str(), Target: model.Duration(str())})
	}
	if bits(1) == 1 {
		s.Cadence = &model.Cadence{Every: model.Duration(str()), Next: model.Date(str()), Forum: str()}
	}
	if bits(1) == 1 {
		s.Review = &model.Review{Every: model.Duration(str())}
	}
	return &model.Agreement{Spec: s}
}

func FuzzTermsJSON(f *testing.F) {
	f.Add("pat@acme.example", "Ship <b>&</b> \"fast\"", "\u2028\u2029\x00\x1f\x7f", 30.0, 5.0, uint64(0xffffffffffffffff))
	f.Add("\xff\xfe\xe2\x80", "a\\b\b\f\n\r\t", "日本\U0001F600", 1e-7, 1e21, uint64(0x5555555555555555))
	f.Add("", "", "", math.Copysign(0, -1), 5e-324, uint64(0))
	f.Add("x", "y", "z", math.MaxFloat64, 1e20, uint64(0xdeadbeefcafef00d))
	f.Add("x", "y", "z", math.NaN(), math.Inf(-1), uint64(0xffffffffffffffff))
	f.Fuzz(func(t *testing.T, s1, s2, s3 string, x, y float64, shape uint64) {
		a := fuzzAgreement(s1, s2, s3, x, y, shape)
		checkTermsJSON(t, "fuzz", a)
		if !math.IsNaN(x) && !math.IsInf(x, 0) && !math.IsNaN(y) && !math.IsInf(y, 0) {
			want := oldDigest(a)
			if got := a.TermsDigest(); got != want {
				t.Errorf("TermsDigest = %s, want %s", got, want)
			}
		}
	})
}

// oldDigest is TermsDigest as it was written before the appender.
func oldDigest(a *model.Agreement) string {
	b, err := json.Marshal(a.Terms())
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}

// BenchmarkTermsDigest: the digest now and as encoding/json made it, over
// generated agreements; compare the two in one run.
func BenchmarkTermsDigest(b *testing.B) {
	var as []*model.Agreement
	for name, src := range wsgen.Files(200) {
		if strings.HasPrefix(name, "agreements/") {
			var a model.Agreement
			if err := yaml.Unmarshal([]byte(src), &a); err != nil {
				b.Fatal(err)
			}
			as = append(as, &a)
		}
	}
	b.Run("appender", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			as[i%len(as)].TermsDigest()
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			oldDigest(as[i%len(as)])
		}
	})
}

// A NaN or infinite metric number (YAML .nan, .inf: the schema refuses
// them) gives the terms a digest of their own instead of stopping the
// command: each such number, and a finite one, gives another digest.
func TestTermsDigestNonFinite(t *testing.T) {
	seen := map[string]float64{}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0} {
		a := fuzzAgreement("x", "y", "z", x, 1, 0xffff_ffff_ffff_ffff)
		if a.Spec.Metrics == nil || a.Spec.Metrics[0].Baseline == nil {
			t.Fatal("fuzzAgreement gave no metric baseline: the test needs one")
		}
		d := a.TermsDigest()
		if prev, ok := seen[d]; ok {
			t.Errorf("baseline %v has the digest of baseline %v (%s)", x, prev, d)
		}
		seen[d] = x
	}
}
