package gitstore

import (
	"os"
	"runtime"
	"strings"
)

// A write hardens git's files (fsync) as git would in the same repository:
// core.fsync names the components (git's default: packs, their indexes
// and the commit-graph, none of which collab writes, so loose objects, the
// index and refs are not synced; Git for Windows adds loose objects),
// core.fsyncMethod how, and the deprecated
// core.fsyncObjectFiles adds loose objects. Syncing more than git does
// would cost every write milliseconds for no promise git keeps; syncing
// some files and not others (a ref, but not the objects it names) would
// only make a repository that a crash can break.

// fsyncComponent is a set of git's fsync components (write-or-die.h).
type fsyncComponent uint

const (
	fsyncLooseObject fsyncComponent = 1 << iota
	fsyncPack
	fsyncPackMetadata
	fsyncCommitGraph
	fsyncIndex
	fsyncReference
	fsyncObjectMap

	fsyncObjects         = fsyncLooseObject | fsyncPack
	fsyncDerivedMetadata = fsyncPackMetadata | fsyncCommitGraph
	fsyncCommitted       = fsyncObjects | fsyncReference
	fsyncAdded           = fsyncCommitted | fsyncIndex
	fsyncAll             = fsyncObjects | fsyncDerivedMetadata | fsyncIndex | fsyncReference | fsyncObjectMap
)

// fsyncDefault is git's platform default; Git for Windows adds loose objects.
func fsyncDefault() fsyncComponent {
	c := (fsyncObjects | fsyncDerivedMetadata) &^ fsyncLooseObject
	if runtime.GOOS == "windows" {
		c |= fsyncLooseObject
	}
	return c
}

// fsyncNames are the names core.fsync takes, in git's order.
var fsyncNames = []struct {
	name string
	c    fsyncComponent
}{
	{"loose-object", fsyncLooseObject},
	{"pack", fsyncPack},
	{"pack-metadata", fsyncPackMetadata},
	{"commit-graph", fsyncCommitGraph},
	{"index", fsyncIndex},
	{"objects", fsyncObjects},
	{"reference", fsyncReference},
	{"derived-metadata", fsyncDerivedMetadata},
	{"committed", fsyncCommitted},
	{"added", fsyncAdded},
	{"all", fsyncAll},
}

// parseFsync reads a core.fsync value as git's parse_fsync_components
// does, quirks included: the set starts from the platform default; an item
// names every component whose name it begins (so "pack" is also
// pack-metadata); "-" removes; "none" clears the default only when it is
// the whole rest of the value, and never what items before it added; an
// empty item ends the list. Unknown items are ignored (git warns).
func parseFsync(s string) fsyncComponent {
	current := fsyncDefault()
	var positive, negative fsyncComponent
	for {
		s = strings.TrimLeft(s, ", \t\n\r")
		item, _, _ := strings.Cut(s, ",")
		next := s[len(item):]
		if s == "none" {
			current, s = 0, next
			continue
		}
		negated := strings.HasPrefix(item, "-")
		if negated {
			item = item[1:]
		}
		if item == "" {
			return (current &^ negative) | positive
		}
		for _, n := range fsyncNames {
			switch {
			case !strings.HasPrefix(n.name, item):
			case negated:
				negative |= n.c
			default:
				positive |= n.c
			}
		}
		s = next
	}
}

// fsyncMethods are the values of core.fsyncMethod; an unknown one is
// ignored (git warns and keeps the one before).
var fsyncMethods = []string{"fsync", "writeout-only", "batch"}

// hardening is what the repository's config says a write syncs, and how.
type hardening struct {
	components fsyncComponent
	method     string // one of fsyncMethods
}

// hardening reads core.fsync, core.fsyncMethod and core.fsyncObjectFiles
// (see writeConfig). A config that cannot be read syncs everything.
func (r *Repo) hardening() hardening {
	m, err := r.writeConfig()
	if err != nil {
		return hardening{components: fsyncAll, method: "fsync"}
	}
	h := hardening{components: fsyncDefault(), method: "fsync"}
	if runtime.GOOS == "darwin" {
		h.method = "writeout-only"
	} else if runtime.GOOS == "windows" {
		h.method = "batch"
	}
	if v, ok := m["core.fsync"]; ok {
		h.components = parseFsync(v)
	}
	if v, ok := m["core.fsyncmethod"]; ok {
		h.method = v
	}
	if v, set := m["core.fsyncobjectfiles"]; set {
		if on, err := gitBool("core.fsyncObjectFiles", v, set); err != nil || on {
			h.components |= fsyncLooseObject
		}
	}
	return h
}

// harden syncs f, a file of component c that is about to be renamed into
// place, as the repository's config says; nothing when it leaves c out.
// batch syncs each loose object fully, which is at least as durable as
// git's single flush at the end of a batch.
func (r *Repo) harden(f *os.File, c fsyncComponent) error {
	h := r.hardening()
	if h.components&c == 0 {
		return nil
	}
	if onHarden != nil {
		onHarden(c)
	}
	if h.method == "writeout-only" && writeOut(f) == nil {
		return nil
	}
	return f.Sync() // as git, when a writeout fails
}

// onHarden, when set (by tests), is called with the component of each
// file a write syncs.
var onHarden func(fsyncComponent)
