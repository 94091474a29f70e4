// Package goal holds the domain logic of goals that is not part of the
// model itself: the edits of a goal file (key results, check-ins, fields set
// in their canonical place), a new goal file as docs/format.md shows one, the
// computed views that list, show and tree print, and what a hand edit changed.
package goal

import (
	"fmt"
	"math"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// The functions below edit a goal's document in place through yamldoc, so
// comments, key order and untouched lines stay as the people who wrote the
// file left them.

var rank = model.KeyRank(model.KindGoal)

// Node renders v for a goal document: numbers as people write them (97,
// 95.5, 1500000; never 1.5e+06), dates plain (2026-02-01) and strings quoted
// only where YAML would read them as something else (yamldoc.NewNode).
func Node(v any) (*yaml.Node, error) {
	switch v := v.(type) {
	case float64:
		return numberNode(v)
	case model.Date:
		return yamldoc.NewNode(string(v))
	}
	return yamldoc.NewNode(v)
}

// numberNode is v in plain decimal, tagged !!int when it is whole so that it
// is written without quotes.
func numberNode(v float64) (*yaml.Node, error) {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil, fmt.Errorf("cannot store %v: not a finite number", v)
	}
	tag := "!!float"
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		tag = "!!int"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: model.FormatNumber(v)}, nil
}

// mapping builds a block mapping from key, value pairs rendered by Node.
func mapping(pairs ...any) (*yaml.Node, error) {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i := 0; i+1 < len(pairs); i += 2 {
		k, err := Node(pairs[i])
		if err != nil {
			return nil, err
		}
		v, err := Node(pairs[i+1])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pairs[i], err)
		}
		m.Content = append(m.Content, k, v)
	}
	return m, nil
}

// Set stores v, rendered by Node, at path, whose last element is a key. A
// key its mapping does not have yet is inserted at its canonical place (the
// order of docs/format.md), not at the end, so `unit` lands after `title` as a
// person would write it.
func Set(d *yamldoc.Doc, v any, path ...any) error {
	n, err := Node(v)
	if err != nil {
		return err
	}
	return d.SetRanked(n, rank, path...)
}

// KeyResultNode is a new key result as a block mapping in the order of docs/format.md.
func KeyResultNode(kr model.KeyResult) (*yaml.Node, error) {
	pairs := []any{"id", kr.ID, "title", kr.Title}
	if kr.Unit != "" {
		pairs = append(pairs, "unit", kr.Unit)
	}
	if kr.Baseline != nil {
		pairs = append(pairs, "baseline", *kr.Baseline)
	}
	if kr.Target != nil {
		pairs = append(pairs, "target", *kr.Target)
	}
	if kr.Direction != "" {
		pairs = append(pairs, "direction", kr.Direction)
	}
	if kr.Current != nil {
		pairs = append(pairs, "current", *kr.Current)
	}
	return mapping(pairs...)
}

// AddKeyResult appends kr to the goal's key results.
func AddKeyResult(d *yamldoc.Doc, kr model.KeyResult) error {
	n, err := KeyResultNode(kr)
	if err != nil {
		return err
	}
	return d.Append(n, "spec", "keyResults")
}

// KeyResultEdit is what to change in a key result: nil fields stay as they are.
type KeyResultEdit struct {
	Title, Unit, Direction *string
	Baseline, Target       *float64
}

// UpdateKeyResult sets the fields of key result i (old, as decoded) that
// edit gives with a new value, and says what changed in the words of a
// commit subject, in the order of docs/format.md: "title", "target 97 -> 97.5",
// "unit unset -> USD k". Nothing changed is an empty list.
func UpdateKeyResult(d *yamldoc.Doc, i int, old model.KeyResult, edit KeyResultEdit) ([]string, error) {
	path := []any{"spec", "keyResults", i}
	var changes []string
	str := func(key, was string, now *string) error {
		if now == nil || was == *now {
			return nil
		}
		if key == "title" {
			changes = append(changes, "title")
		} else {
			changes = append(changes, fmt.Sprintf("%s %s -> %s", key, orUnset(was), *now))
		}
		return Set(d, *now, append(path, key)...)
	}
	num := func(key string, was, now *float64) error {
		if now == nil || (was != nil && *was == *now) {
			return nil
		}
		from := "unset"
		if was != nil {
			from = model.FormatNumber(*was)
		}
		changes = append(changes, fmt.Sprintf("%s %s -> %s", key, from, model.FormatNumber(*now)))
		return Set(d, *now, append(path, key)...)
	}
	for _, err := range []error{
		str("title", old.Title, edit.Title),
		str("unit", old.Unit, edit.Unit),
		num("baseline", old.Baseline, edit.Baseline),
		num("target", old.Target, edit.Target),
		str("direction", old.Direction, edit.Direction),
	} {
		if err != nil {
			return nil, err
		}
	}
	return changes, nil
}

func orUnset(s string) string {
	if s == "" {
		return "unset"
	}
	return s
}

// Checkin is a check-in to record, its values in the order the user gave them.
type Checkin struct {
	Date       model.Date
	By         string
	Values     []KRValue
	Confidence string // optional
	Note       string // optional
}

// CheckinNode is a new check-in; its values are a flow mapping in the order
// the user gave them, as in docs/format.md: values: {in-stock: 95.5}.
func CheckinNode(c Checkin) (*yaml.Node, error) {
	vals := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
	for _, v := range c.Values {
		k, err := Node(v.ID)
		if err != nil {
			return nil, err
		}
		n, err := Node(v.Value)
		if err != nil {
			return nil, fmt.Errorf("key result %s: %w", v.ID, err)
		}
		vals.Content = append(vals.Content, k, n)
	}
	pairs := []any{"date", c.Date, "by", c.By, "values", vals}
	if c.Confidence != "" {
		pairs = append(pairs, "confidence", c.Confidence)
	}
	if c.Note != "" {
		pairs = append(pairs, "note", c.Note)
	}
	return mapping(pairs...)
}

// RecordCheckin appends the check-in and moves the current value of each
// key result the plan (PlanCheckin) says it sets.
func RecordCheckin(d *yamldoc.Doc, c Checkin, updates []KRUpdate) error {
	n, err := CheckinNode(c)
	if err != nil {
		return err
	}
	if err := d.Append(n, "spec", "checkins"); err != nil {
		return err
	}
	for _, u := range updates {
		if !u.SetCurrent {
			continue
		}
		if err := Set(d, u.Value, "spec", "keyResults", u.Index, "current"); err != nil {
			return fmt.Errorf("key result %s: %w", u.ID, err)
		}
	}
	return nil
}
