package yamldoc

import "go.yaml.in/yaml/v3"

// Rank orders the keys of a mapping: path is the key path of the mapping
// ("[]" for a sequence item), lower ranks come first.
type Rank func(path []string, key string) int

// SetRanked is Set, except that the keys it adds (the last one, and any
// mapping it creates on the way) take their place by rank instead of the end
// of their mapping, so a new field lands where the file format puts it.
func (d *Doc) SetRanked(value any, rank Rank, path ...any) error {
	missing := d.missingKeys(path)
	if err := d.Set(value, path...); err != nil {
		return err
	}
	d.placeAll(missing, rank)
	return nil
}

// AppendRanked is Append, placing a sequence it creates by rank.
func (d *Doc) AppendRanked(value any, rank Rank, path ...any) error {
	missing := d.missingKeys(path)
	if err := d.Append(value, path...); err != nil {
		return err
	}
	d.placeAll(missing, rank)
	return nil
}

// missingKeys lists the prefixes of path, ending in a key, that do not exist yet.
func (d *Doc) missingKeys(path []any) [][]any {
	var out [][]any
	for i := 1; i <= len(path); i++ {
		if _, isKey := path[i-1].(string); isKey && d.Lookup(path[:i]...) == nil {
			out = append(out, path[:i])
		}
	}
	return out
}

func (d *Doc) placeAll(paths [][]any, rank Rank) {
	for _, p := range paths {
		d.place(p, rank)
	}
}

// place moves the key at path before the first key of its mapping that
// ranks after it.
func (d *Doc) place(path []any, rank Rank) {
	parent := d.Lookup(path[:len(path)-1]...)
	key, _ := path[len(path)-1].(string)
	if parent == nil || parent.Kind != yaml.MappingNode {
		return
	}
	var ppath []string
	for _, p := range path[:len(path)-1] {
		if s, ok := p.(string); ok {
			ppath = append(ppath, s)
		} else {
			ppath = append(ppath, "[]")
		}
	}
	at := -1
	for i := 0; i+1 < len(parent.Content); i += 2 {
		if parent.Content[i].Value == key {
			at = i
		}
	}
	if at < 0 {
		return
	}
	r := rank(ppath, key)
	for i := 0; i < at; i += 2 {
		if rank(ppath, parent.Content[i].Value) > r {
			k, v := parent.Content[at], parent.Content[at+1]
			rest := append([]*yaml.Node{}, parent.Content[i:at]...)
			parent.Content = append(append(append(parent.Content[:i], k, v), rest...), parent.Content[at+2:]...)
			return
		}
	}
}
