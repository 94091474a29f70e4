package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/collab-tools/collab/internal/jsonschema"
	"github.com/collab-tools/collab/internal/jsonschema/kind"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/schema"
)

// compiled holds the embedded schemas: the documents are parsed on first
// use, and each kind's schema is compiled when a file of that kind is first
// checked, so that commands that never validate pay nothing and a write
// compiles only the schema of the file it changes.
var compiled struct {
	once  sync.Once
	raw   map[string]any // $id URL -> schema document, for field hints
	err   error
	kinds map[model.Kind]*kindSchema
}

// kindSchema is one kind's compiled schema, made once.
type kindSchema struct {
	once sync.Once
	s    *jsonschema.Schema
	err  error
}

// schemaName is the embedded schema name of each kind.
var schemaName = map[model.Kind]string{
	model.KindWorkspace:      "workspace",
	model.KindTeam:           "team",
	model.KindGoal:           "goal",
	model.KindAgreement:      "agreement",
	model.KindStakeholderMap: "stakeholdermap",
}

// embeddedLoader serves the schemas built into the binary by their $id and
// refuses every other URL: validation never reads files or the network, and
// a schema in a pull request cannot change what is checked.
type embeddedLoader map[string]any

func (l embeddedLoader) Load(u string) (any, error) {
	if doc, ok := l[u]; ok {
		return doc, nil
	}
	return nil, fmt.Errorf("schema %s is not built into collab; only the embedded schemas can be referenced", u)
}

// loadSchemaDocs parses the embedded schema documents.
func loadSchemaDocs() {
	loader := embeddedLoader{}
	for _, name := range schema.Names {
		b, ok := schema.Get(name)
		if !ok {
			compiled.err = fmt.Errorf("embedded schema %s is missing", name)
			return
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			compiled.err = fmt.Errorf("embedded schema %s: %w", name, err)
			return
		}
		loader[schema.URL(name)] = doc
	}
	compiled.raw = loader
	compiled.kinds = map[model.Kind]*kindSchema{}
	for k := range schemaName {
		compiled.kinds[k] = &kindSchema{}
	}
}

// compileSchema compiles the embedded schema called name. The embedded
// schemas are trusted: they are not checked against the draft 2020-12
// meta-schema here, which took most of a first compile (the meta-schemas
// compiled and every schema walked by them); TestEmbeddedSchemasValid
// checks them against it instead. trusted is false only in that test.
func compileSchema(name string, trusted bool) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(embeddedLoader(compiled.raw))
	if trusted {
		c.TrustSchemas()
	}
	s, err := c.Compile(schema.URL(name))
	if err != nil {
		return nil, fmt.Errorf("embedded schema %s: %w", name, err)
	}
	return s, nil
}

// Prepare compiles the schemas of kinds in the background, so that a
// write compiles the schema of the file it changes while it does the work
// that needs no schema (checking the workspace before the change). A
// check of the kind waits for the compile it started.
func Prepare(kinds ...model.Kind) {
	for _, k := range kinds {
		if _, ok := schemaName[k]; ok {
			go schemaFor(k) // the check that needs it reports an error
		}
	}
}

// schemaFor returns the compiled schema of kind k.
func schemaFor(k model.Kind) (*jsonschema.Schema, error) {
	compiled.once.Do(loadSchemaDocs)
	if compiled.err != nil {
		return nil, compiled.err
	}
	ks, ok := compiled.kinds[k]
	if !ok {
		return nil, fmt.Errorf("no schema for kind %q", k)
	}
	ks.once.Do(func() { ks.s, ks.err = compileSchema(schemaName[k], true) })
	return ks.s, ks.err
}

// checkSchema validates the file against the schema of its folder's kind and
// reports one diagnostic per leaf error. It returns how many it reported.
func (c *checker) checkSchema(r *reporter, e *workspace.Entity) int {
	s, err := schemaFor(e.Kind)
	if err != nil {
		r.list.Add(r.file, 1, 1, diag.Error, CodeSchema, "cannot check the file: %v", err)
		return 1
	}
	inst := e.Doc.JSON()
	err = s.Validate(inst)
	if err == nil {
		return 0
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		r.list.Add(r.file, 1, 1, diag.Error, CodeSchema, "cannot check the file: %v", err)
		return 1
	}
	before := len(r.list)
	for _, f := range schemaFindings(ve, inst) {
		var line, col int
		if f.key {
			line, col = e.Doc.KeyPos(f.pointer)
		} else {
			line, col = e.Doc.Pos(f.pointer)
		}
		r.list.Add(r.file, line, col, diag.Error, CodeSchema, "%s", f.message)
	}
	return len(r.list) - before
}

// finding is one schema error in user terms.
type finding struct {
	pointer string // JSON pointer of the node to position on
	key     bool   // position on the mapping key instead of the value
	message string
}

// schemaFindings turns the error tree into one finding per leaf error.
func schemaFindings(root *jsonschema.ValidationError, inst any) []finding {
	var leaves []*jsonschema.ValidationError
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if _, ok := e.ErrorKind.(*kind.AnyOf); ok && allRequired(e.Causes) {
			leaves = append(leaves, e) // "set one of a or b": one finding
			return
		}
		if _, ok := e.ErrorKind.(*kind.PropertyNames); ok {
			leaves = append(leaves, e) // the name is the problem, not its pattern
			return
		}
		if len(e.Causes) == 0 {
			leaves = append(leaves, e)
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(root)

	// A date or email that fails its pattern usually fails its format too;
	// say it once, with the format's words.
	formatAt := map[string]bool{}
	for _, l := range leaves {
		if _, ok := l.ErrorKind.(*kind.Format); ok {
			formatAt[pointerOf(l.InstanceLocation)] = true
		}
	}
	var out []finding
	seen := map[string]bool{}
	for _, l := range leaves {
		ptr := pointerOf(l.InstanceLocation)
		if _, ok := l.ErrorKind.(*kind.Pattern); ok && formatAt[ptr] {
			continue
		}
		for _, f := range describe(l, inst) {
			id := f.pointer + "\x00" + f.message
			if !seen[id] {
				seen[id] = true
				out = append(out, f)
			}
		}
	}
	return out
}

func allRequired(causes []*jsonschema.ValidationError) bool {
	if len(causes) == 0 {
		return false
	}
	for _, c := range causes {
		if _, ok := c.ErrorKind.(*kind.Required); !ok {
			return false
		}
	}
	return true
}

// describe words one leaf error.
func describe(e *jsonschema.ValidationError, inst any) []finding {
	ptr := pointerOf(e.InstanceLocation)
	path := instancePath(e.InstanceLocation, inst)
	where := path
	if where == "" {
		where = "file"
	}
	one := func(format string, args ...any) []finding {
		return []finding{{pointer: ptr, message: where + ": " + fmt.Sprintf(format, args...)}}
	}
	def := defName(e.SchemaURL)
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		missing := slices.Clone(k.Missing)
		sort.Strings(missing)
		if len(missing) == 1 {
			return one("missing required field %s", missing[0])
		}
		return one("missing required fields %s", join(missing))
	case *kind.AnyOf:
		var names []string
		for _, c := range e.Causes {
			names = append(names, c.ErrorKind.(*kind.Required).Missing...)
		}
		return one("set %s", strings.Join(names, " or "))
	case *kind.AdditionalProperties:
		var out []finding
		allowed := allowedFields(e.SchemaURL)
		for _, prop := range k.Properties {
			fp := ptr + "/" + escapeToken(prop)
			msg := fmt.Sprintf("%s: unknown field", childPath(path, prop))
			if s := closest(prop, allowed); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			} else if len(allowed) > 0 {
				msg += fmt.Sprintf("; remove it or use one of %s", strings.Join(allowed, ", "))
			}
			out = append(out, finding{pointer: fp, key: true, message: msg})
		}
		return out
	case *kind.PropertyNames:
		// jsonschema v6.0.3 stores a propertyNames error's instance location
		// without copying it, so later siblings overwrite it; find the
		// objects holding the name from the schema location instead.
		var out []finding
		for _, loc := range objectsWithKey(inst, schemaShape(e.SchemaURL), k.Property) {
			parent := instancePath(loc, inst)
			out = append(out, finding{pointer: pointerOf(loc) + "/" + escapeToken(k.Property), key: true,
				message: fmt.Sprintf("%s: %q is not a valid %s", childPath(parent, k.Property), k.Property, nameOfDef(defOfPropertyNames(e)))})
		}
		return out
	case *kind.Type:
		want := expected(def, k.Want)
		if k.Got == "null" {
			return one("is empty; set %s", want)
		}
		if str, ok := valueAt(inst, e.InstanceLocation).(string); ok {
			// YAML reads 012, 0x1F or 1_000 as numbers; collab keeps them as
			// the text written, so show it.
			return one("must be %s, not the text %q", want, str)
		}
		return one("must be %s, not %s", want, typeWord(k.Got))
	case *kind.Enum:
		var want []string
		for _, v := range k.Want {
			want = append(want, fmt.Sprint(v))
		}
		return one("%s is not one of %s", show(k.Got), strings.Join(want, ", "))
	case *kind.Const:
		return one("must be %v, not %s", k.Want, show(k.Got))
	case *kind.Format:
		switch k.Want {
		case "date":
			return one("%s is not a valid date (use YYYY-MM-DD, e.g. 2026-03-15)", show(k.Got))
		case "email":
			return one("%s is not a valid email address", show(k.Got))
		}
		return one("%s is not a valid %s", show(k.Got), k.Want)
	case *kind.Pattern:
		switch {
		case def == "id":
			return one("%s is not a valid id (lower-case letters, digits and dashes, 1 to 64 characters, not starting or ending with a dash)", show(k.Got))
		case def == "duration":
			return one("%s is not a valid duration (use a number of days or weeks, e.g. 14d or 2w)", show(k.Got))
		case def == "date":
			return one("%s is not a valid date (use YYYY-MM-DD, e.g. 2026-03-15)", show(k.Got))
		case strings.HasSuffix(path, ".terms"):
			return one("%s is not a terms digest (12 lower-case hex digits, as collab agree accept writes them)", show(k.Got))
		case strings.HasSuffix(path, ".subject"):
			return one("%s is not a valid subject (use agreement/<id> or goal/<id>)", show(k.Got))
		}
		return one("%s does not have the expected form %s", show(k.Got), k.Want)
	case *kind.MinItems:
		if k.Want == 1 {
			return one("must not be empty")
		}
		return one("needs at least %d items, has %d", k.Want, k.Got)
	case *kind.MinLength:
		if k.Want == 1 {
			return one("must not be empty")
		}
		return one("must be at least %d characters long", k.Want)
	case *kind.Minimum:
		return one("must be at least %v", k.Want)
	case *kind.FalseSchema:
		return one("is not allowed here")
	}
	return one("%s", e.ErrorKind.LocalizedString(kind.English))
}

// pointerOf is the JSON pointer of an instance location.
func pointerOf(loc []string) string {
	var b strings.Builder
	for _, t := range loc {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

// escapeToken and unescapeToken convert a JSON pointer token (RFC 6901).
func escapeToken(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

func unescapeToken(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
}

// instancePath renders a location in dotted form, walking the instance to
// tell list indexes from mapping keys that happen to be numbers.
func instancePath(loc []string, inst any) string {
	path := make([]any, 0, len(loc))
	cur := inst
	for _, t := range loc {
		switch v := cur.(type) {
		case []any:
			i, err := strconv.Atoi(t)
			if err == nil && i >= 0 && i < len(v) {
				path = append(path, i)
				cur = v[i]
				continue
			}
			path = append(path, t)
			cur = nil
		case map[string]any:
			path = append(path, t)
			cur = v[t]
		default:
			path = append(path, t)
			cur = nil
		}
	}
	return dotted(path...)
}

// valueAt returns the instance value at loc, or nil.
func valueAt(inst any, loc []string) any {
	cur := inst
	for _, t := range loc {
		switch v := cur.(type) {
		case map[string]any:
			cur = v[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(v) {
				return nil
			}
			cur = v[i]
		default:
			return nil
		}
	}
	return cur
}

func childPath(parent, key string) string {
	s := dotted(key)
	if parent == "" || strings.HasPrefix(s, "[") {
		return parent + s
	}
	return parent + "." + s
}

// schemaShape turns the location of a schema inside its document into the
// instance locations it applies to: properties/spec/properties/checkins/items
// becomes [spec checkins *]. It returns nil when the location passes through
// anything else (then every object of the instance is a candidate).
func schemaShape(schemaURL string) []string {
	_, frag, _ := strings.Cut(schemaURL, "#")
	toks := strings.Split(strings.TrimPrefix(frag, "/"), "/")
	var shape []string
	for i := 0; i < len(toks); i++ {
		switch toks[i] {
		case "properties":
			if i+1 >= len(toks) {
				return nil
			}
			i++
			t, _ := url.PathUnescape(toks[i])
			shape = append(shape, unescapeToken(t))
		case "items", "additionalProperties":
			shape = append(shape, "*")
		case "propertyNames":
			return shape
		default:
			return nil
		}
	}
	return nil
}

// objectsWithKey returns the locations of the objects matching shape (any
// object when shape is nil) that hold key.
func objectsWithKey(inst any, shape []string, key string) [][]string {
	var out [][]string
	var walk func(v any, loc, rest []string, anyDepth bool)
	walk = func(v any, loc, rest []string, anyDepth bool) {
		if anyDepth || len(rest) == 0 {
			if m, ok := v.(map[string]any); ok {
				if _, has := m[key]; has {
					out = append(out, slices.Clone(loc))
				}
			}
			if !anyDepth {
				return
			}
		}
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if anyDepth {
					walk(v[k], append(loc, k), nil, true)
				} else if rest[0] == "*" || rest[0] == k {
					walk(v[k], append(loc, k), rest[1:], false)
				}
			}
		case []any:
			for i, x := range v {
				if anyDepth {
					walk(x, append(loc, strconv.Itoa(i)), nil, true)
				} else if rest[0] == "*" {
					walk(x, append(loc, strconv.Itoa(i)), rest[1:], false)
				}
			}
		}
	}
	walk(inst, nil, shape, shape == nil)
	return out
}

// defName is the $defs entry a schema location points into ("email" for
// ...#/$defs/email), or "".
func defName(schemaURL string) string {
	_, frag, ok := strings.Cut(schemaURL, "#")
	if !ok {
		return ""
	}
	if rest, ok := strings.CutPrefix(frag, "/$defs/"); ok && !strings.Contains(rest, "/") {
		return rest
	}
	return ""
}

func defOfPropertyNames(e *jsonschema.ValidationError) string {
	for _, c := range e.Causes {
		if d := defName(c.SchemaURL); d != "" {
			return d
		}
		if d := defOfPropertyNames(c); d != "" {
			return d
		}
	}
	return ""
}

func nameOfDef(def string) string {
	switch def {
	case "id":
		return "id (lower-case letters, digits and dashes)"
	case "":
		return "name"
	}
	return def
}

// expected words what a value should be.
func expected(def string, want []string) string {
	switch def {
	case "email":
		return "an email address"
	case "id":
		return "an id"
	case "date":
		return "a date (YYYY-MM-DD)"
	case "duration":
		return "a duration (e.g. 14d or 2w)"
	case "text":
		return "a text"
	}
	words := make([]string, len(want))
	for i, w := range want {
		words[i] = typeWord(w)
	}
	return strings.Join(words, " or ")
}

func typeWord(t string) string {
	switch t {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "string":
		return "a text"
	case "number":
		return "a number"
	case "integer":
		return "a whole number"
	case "boolean":
		return "true or false"
	case "null":
		return "empty"
	}
	return t
}

// show quotes a string value and prints others as they are.
func show(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case json.Number:
		return v.String()
	case nil:
		return "an empty value"
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return fmt.Sprint(v)
}

// allowedFields lists the properties of the schema object at schemaURL.
func allowedFields(schemaURL string) []string {
	base, frag, _ := strings.Cut(schemaURL, "#")
	doc, ok := compiled.raw[base]
	if !ok {
		return nil
	}
	cur := doc
	for _, t := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if t == "" {
			continue
		}
		t, _ = url.PathUnescape(t)
		t = unescapeToken(t)
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[t]
	}
	m, _ := cur.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	out := make([]string, 0, len(props))
	for k := range props {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// closest returns the allowed name within two edits of s (case-insensitive), or "".
func closest(s string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := model.EditDistance(strings.ToLower(s), strings.ToLower(a)); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}
