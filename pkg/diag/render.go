package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// Formats of Render.
var Formats = []string{"text", "json", "github", "sarif"}

// Render writes the list in one of Formats.
func Render(w io.Writer, format string, l List, toolVersion string) error {
	switch format {
	case "text":
		for _, d := range l {
			fmt.Fprintln(w, d.String())
		}
		return nil
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if l == nil {
			l = List{}
		}
		return enc.Encode(l)
	case "github":
		// GitHub Actions workflow commands annotate the pull request's files.
		for _, d := range l {
			fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n",
				d.Severity, escapeProperty(d.File), max(d.Line, 1), max(d.Col, 1), escapeProperty("collab "+d.Code), escapeData(d.Message))
		}
		return nil
	case "sarif":
		return renderSARIF(w, l, toolVersion)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
}

// The escapes of GitHub workflow command data and property values.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData and escapeProperty also escape the other control characters
// (model.Escape) once GitHub's own escapes have replaced CR and LF.
func escapeData(s string) string { return model.Escape(dataEscaper.Replace(s)) }

func escapeProperty(s string) string { return model.Escape(propertyEscaper.Replace(s)) }

func renderSARIF(w io.Writer, l List, version string) error {
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
	type location struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Region region `json:"region"`
		} `json:"physicalLocation"`
	}
	type result struct {
		RuleID  string `json:"ruleId"`
		Level   string `json:"level"`
		Message struct {
			Text string `json:"text"`
		} `json:"message"`
		Locations []location `json:"locations"`
	}
	type rule struct {
		ID string `json:"id"`
	}
	results := []result{}
	rules := []rule{} // an empty list, not null, on a clean workspace: SARIF requires an array
	seen := map[string]bool{}
	for _, d := range l {
		var r result
		r.RuleID, r.Level, r.Message.Text = d.Code, string(d.Severity), d.Message
		var loc location
		loc.PhysicalLocation.ArtifactLocation.URI = uriReference(d.File)
		loc.PhysicalLocation.Region = region{max(d.Line, 1), max(d.Col, 1)}
		r.Locations = []location{loc}
		results = append(results, r)
		if !seen[d.Code] {
			seen[d.Code] = true
			rules = append(rules, rule{ID: d.Code})
		}
	}
	doc := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "collab", "version": version, "informationUri": "https://github.com/collab-tools/collab", "rules": rules,
			}},
			"results": results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// uriReference is a slash-separated relative path as the relative URI
// reference SARIF's artifactLocation.uri must be: spaces, "%", "#" and
// the like percent-encoded ("./" in front of a first segment holding ":").
func uriReference(path string) string { return (&url.URL{Path: path}).String() }

// InRepo returns the list with every path prefixed by prefix, the
// workspace's folder inside the repository ("" or "docs/collab/"): GitHub
// annotations and code scanning read paths from the repository root, and
// in a monorepo the workspace is one folder of it.
func (l List) InRepo(prefix string) List {
	if prefix == "" || l == nil {
		return l
	}
	out := make(List, len(l))
	for i, d := range l {
		d.File = path.Join(prefix, d.File)
		out[i] = d
	}
	return out
}
