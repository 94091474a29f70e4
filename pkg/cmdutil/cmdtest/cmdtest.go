// Package cmdtest helps test commands through the factory: options compared
// without their dependencies.
package cmdtest

import (
	"reflect"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/iostreams"
)

// IgnoreDeps makes cmp.Diff skip what an options struct copies from the
// factory: the streams and the function fields (workspace, clock, identity,
// write path), which cmp cannot compare.
var IgnoreDeps = cmp.FilterPath(func(p cmp.Path) bool {
	t := p.Last().Type()
	return t != nil && (t.Kind() == reflect.Func || t == reflect.TypeFor[*iostreams.IOStreams]())
}, cmp.Ignore())
