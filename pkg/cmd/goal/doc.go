package goal

import (
	"fmt"
	"math"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// The node edits every goal verb shares. They change the goal file in place
// through yamldoc, so comments, key order and untouched lines stay as the
// people who wrote the file left them.

var goalRank = model.KeyRank(model.KindGoal)

// numNode is a number as people write it (97, 95.5, 1500000; never 1.5e+06).
func numNode(v float64) *yaml.Node {
	tag := "!!float"
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		tag = "!!int"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: model.FormatNumber(v)}
}

// dateNode is a plain date, as the files write them (2026-02-01, unquoted).
func dateNode(d model.Date) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: string(d)}
}

// strNode is a string quoted only where YAML would read it as something else.
func strNode(s string) *yaml.Node {
	n, _ := yamldoc.NewNode(s)
	return n
}

// mapNode builds a block mapping from key, node pairs.
func mapNode(pairs ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i := 0; i+1 < len(pairs); i += 2 {
		m.Content = append(m.Content, strNode(pairs[i].(string)), pairs[i+1].(*yaml.Node))
	}
	return m
}

// setField sets key of the mapping at path to v. A key the mapping does not
// have yet is inserted at its canonical place (the order of DESIGN.md), not
// at the end, so `unit` lands after `title` as a person would write it.
func setField(d *yamldoc.Doc, v *yaml.Node, key string, path ...any) error {
	m := d.Lookup(path...)
	if m == nil || m.Kind != yaml.MappingNode {
		return d.Set(v, append(path, key)...)
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return d.Set(v, append(path, key)...)
		}
	}
	names := make([]string, 0, len(path))
	for _, p := range path {
		switch p := p.(type) {
		case string:
			names = append(names, p)
		case int:
			names = append(names, "[]")
		}
	}
	r := goalRank(names, key)
	at := len(m.Content)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if goalRank(names, m.Content[i].Value) > r {
			at = i
			break
		}
	}
	m.Content = append(m.Content[:at], append([]*yaml.Node{strNode(key), v}, m.Content[at:]...)...)
	return nil
}

// keyResultNode is a new key result as a block mapping in DESIGN.md order.
func keyResultNode(kr model.KeyResult) *yaml.Node {
	pairs := []any{"id", strNode(kr.ID), "title", strNode(kr.Title)}
	if kr.Unit != "" {
		pairs = append(pairs, "unit", strNode(kr.Unit))
	}
	if kr.Baseline != nil {
		pairs = append(pairs, "baseline", numNode(*kr.Baseline))
	}
	if kr.Target != nil {
		pairs = append(pairs, "target", numNode(*kr.Target))
	}
	if kr.Direction != "" {
		pairs = append(pairs, "direction", strNode(kr.Direction))
	}
	if kr.Current != nil {
		pairs = append(pairs, "current", numNode(*kr.Current))
	}
	return mapNode(pairs...)
}

// checkinNode is a new check-in; its values are a flow mapping in the order
// the user gave them, as in DESIGN.md: values: {in-stock: 95.5}.
func checkinNode(date model.Date, by string, values []model.KRValue, confidence, note string) *yaml.Node {
	vals := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
	for _, v := range values {
		vals.Content = append(vals.Content, strNode(v.ID), numNode(v.Value))
	}
	pairs := []any{"date", dateNode(date), "by", strNode(by), "values", vals}
	if confidence != "" {
		pairs = append(pairs, "confidence", strNode(confidence))
	}
	if note != "" {
		pairs = append(pairs, "note", strNode(note))
	}
	return mapNode(pairs...)
}

// applyCheckin appends the check-in and moves each key result's current.
func applyCheckin(d *yamldoc.Doc, updates []model.KRUpdate, date model.Date, by string, values []model.KRValue, confidence, note string) error {
	if err := d.Append(checkinNode(date, by, values, confidence, note), "spec", "checkins"); err != nil {
		return err
	}
	for _, u := range updates {
		if !u.SetCurrent {
			continue
		}
		if err := setField(d, numNode(u.Value), "current", "spec", "keyResults", u.Index); err != nil {
			return fmt.Errorf("key result %s: %w", u.ID, err)
		}
	}
	return nil
}
