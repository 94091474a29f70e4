// Package commitgraph reads git's commit-graph: the parents, root tree,
// committer date and generation number of each commit, and the changed-path
// Bloom filters that tell which commits cannot have changed a path.
//
// git writes it as one file, objects/info/commit-graph, or as a chain of
// layers, objects/info/commit-graphs/graph-<hash>.graph listed base first in
// objects/info/commit-graphs/commit-graph-chain (`git commit-graph write
// --split`). The format is git's (gitformat-commit-graph(5)): a header, a
// table of chunks, and the chunks OIDF (fan-out of the commit ids), OIDL (the
// sorted ids), CDAT (tree, first two parents, generation and date), EDGE
// (further parents of octopus merges), BIDX and BDAT (the Bloom filters) and
// BASE (the layers below). Positions count commits across the whole chain,
// base layer first.
//
// The reader checks every size and offset it uses: a malformed or foreign
// file gives an error (or, for a filter, the answer "maybe"), never a crash.
package commitgraph

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/collab-tools/collab/internal/fanout"
)

// Graph is the commit-graph of a repository.
type Graph struct {
	layers []*layer // base first
	total  uint32   // commits in every layer
	bloom  *settings
}

// Pos is a commit's position in the graph.
type Pos uint32

// Commit is what the graph records about one commit.
type Commit struct {
	Tree    plumbing.Hash
	Parents []Pos
	// Time is the committer date in seconds since the epoch.
	Time int64
	// Generation is the commit's topological level: 1 for a root commit,
	// else one more than its highest parent. Zero when the writer did not
	// compute it.
	Generation uint32
}

const (
	hashSize   = 20 // SHA-1, the only hash collab reads
	headerSize = 8
	dataWidth  = hashSize + 16
	noParent   = 0x70000000
	edgeFlag   = 0x80000000 // second parent: index into EDGE; in EDGE: last parent
	bloomHead  = 12         // BDAT header: version, hashes, bits per entry
	maxHashes  = 256        // more hashes per path than any writer uses: refuse
)

type layer struct {
	name       string
	base       uint32 // commits in the layers below
	n          uint32
	fanout     []byte // 256 big-endian counts
	oids, cdat []byte
	edges      []byte
	bases      []byte // BASE: ids of the layers below
	bidx, bdat []byte // bdat without its header
	bloom      *settings
}

// settings are a layer's Bloom filter parameters, from the BDAT header.
type settings struct {
	version, hashes uint32
}

// ErrNotFound is returned by Open when the repository has no commit-graph.
var ErrNotFound = errors.New("no commit-graph")

// Open reads the commit-graph of the object folder dir (.git/objects): the
// single file when there is one, as git prefers it, else the chain. A chain
// whose layer is missing or malformed is used up to the last good layer, as
// git does.
func Open(objectsDir string) (*Graph, error) {
	info := filepath.Join(objectsDir, "info")
	b, err := os.ReadFile(filepath.Join(info, "commit-graph"))
	if err == nil {
		l, err := parse("commit-graph", b)
		if err != nil {
			return nil, err
		}
		if len(l.bases) > 0 {
			return nil, errors.New("commit-graph: a single file that names base layers")
		}
		return newGraph([]*layer{l})
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	dir := filepath.Join(info, "commit-graphs")
	chain, err := os.ReadFile(filepath.Join(dir, "commit-graph-chain"))
	if errors.Is(err, os.ErrNotExist) || err == nil && len(chain) == 0 {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	var layers []*layer
	var ids [][]byte
	for _, line := range strings.Split(strings.TrimSuffix(string(chain), "\n"), "\n") {
		id, err := hex.DecodeString(line)
		if err != nil || len(id) != hashSize {
			break
		}
		name := "graph-" + line + ".graph"
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			break
		}
		l, err := parse(name, b)
		if err != nil || !l.follows(ids, layers) {
			break
		}
		layers = append(layers, l)
		ids = append(ids, id)
	}
	if len(layers) == 0 {
		return nil, fmt.Errorf("%s: no readable layer", filepath.Join(dir, "commit-graph-chain"))
	}
	return newGraph(layers)
}

// follows reports whether l's BASE chunk names exactly the layers below it.
func (l *layer) follows(ids [][]byte, below []*layer) bool {
	if len(l.bases) != len(ids)*hashSize {
		return false
	}
	for i, id := range ids {
		if !bytes.Equal(l.bases[i*hashSize:(i+1)*hashSize], id) {
			return false
		}
	}
	if len(below) > 0 {
		top := below[len(below)-1]
		l.base = top.base + top.n
	}
	return true
}

func newGraph(layers []*layer) (*Graph, error) {
	g := &Graph{layers: layers}
	for _, l := range layers {
		if uint64(g.total)+uint64(l.n) >= noParent {
			return nil, fmt.Errorf("%s: too many commits", l.name)
		}
		g.total += l.n
	}
	// As git does: the topmost layer with filters sets the parameters, and
	// a layer whose filters were written with others is not used.
	for i := len(layers) - 1; i >= 0; i-- {
		l := layers[i]
		switch {
		case l.bloom == nil:
		case g.bloom == nil:
			g.bloom = l.bloom
		case *l.bloom != *g.bloom:
			l.bloom, l.bidx, l.bdat = nil, nil, nil
		}
	}
	return g, nil
}

// parse reads one commit-graph file.
func parse(name string, b []byte) (*layer, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("commit-graph %s: "+format, append([]any{name}, a...)...)
	}
	if len(b) < headerSize+12+hashSize || string(b[:4]) != "CGPH" {
		return nil, bad("not a commit-graph file")
	}
	if b[4] != 1 {
		return nil, bad("version %d is not supported", b[4])
	}
	if b[5] != 1 {
		return nil, bad("hash version %d is not supported (collab reads SHA-1 repositories)", b[5])
	}
	nchunks := int(b[6])
	end := len(b) - hashSize // the trailing checksum
	toc := b[headerSize:]
	if len(toc) < (nchunks+1)*12 {
		return nil, bad("truncated chunk table")
	}
	l := &layer{name: name}
	chunks := map[string][]byte{}
	for i := range nchunks {
		id := string(toc[i*12 : i*12+4])
		from := binary.BigEndian.Uint64(toc[i*12+4:])
		to := binary.BigEndian.Uint64(toc[(i+1)*12+4:])
		if from < uint64(headerSize+(nchunks+1)*12) || from > to || to > uint64(end) {
			return nil, bad("chunk %q out of bounds", id)
		}
		chunks[id] = b[from:to]
	}
	l.fanout = chunks["OIDF"]
	if len(l.fanout) != 256*4 {
		return nil, bad("missing or malformed OIDF chunk")
	}
	prev := uint32(0)
	for i := range 256 {
		v := binary.BigEndian.Uint32(l.fanout[i*4:])
		if v < prev {
			return nil, bad("OIDF values out of order")
		}
		prev = v
	}
	l.n = prev
	l.oids, l.cdat, l.edges = chunks["OIDL"], chunks["CDAT"], chunks["EDGE"]
	if uint64(len(l.oids)) != uint64(l.n)*hashSize {
		return nil, bad("OIDL chunk has the wrong size")
	}
	if uint64(len(l.cdat)) != uint64(l.n)*dataWidth {
		return nil, bad("CDAT chunk has the wrong size")
	}
	l.bases = chunks["BASE"]
	if len(l.bases) != int(b[7])*hashSize {
		return nil, bad("BASE chunk does not list %d layers", b[7])
	}
	bidx, bdat := chunks["BIDX"], chunks["BDAT"]
	if bidx != nil && bdat != nil && uint64(len(bidx)) == uint64(l.n)*4 && len(bdat) >= bloomHead {
		s := &settings{version: binary.BigEndian.Uint32(bdat), hashes: binary.BigEndian.Uint32(bdat[4:])}
		if (s.version == 1 || s.version == 2) && s.hashes <= maxHashes {
			l.bidx, l.bdat, l.bloom = bidx, bdat[bloomHead:], s
		}
	}
	return l, nil
}

// Len is the number of commits in the graph.
func (g *Graph) Len() int { return int(g.total) }

// layerOf returns the layer holding position p and p's index in it.
func (g *Graph) layerOf(p Pos) (*layer, uint32, bool) {
	for i := len(g.layers) - 1; i >= 0; i-- {
		if l := g.layers[i]; uint32(p) >= l.base {
			if uint32(p)-l.base < l.n {
				return l, uint32(p) - l.base, true
			}
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// Lookup finds a commit's position.
func (g *Graph) Lookup(h plumbing.Hash) (Pos, bool) {
	for i := len(g.layers) - 1; i >= 0; i-- {
		l := g.layers[i]
		if mid, ok := fanout.Search(l.fanout, l.oids, h); ok {
			return Pos(l.base + uint32(mid)), true
		}
	}
	return 0, false
}

// Hash returns the id of the commit at p.
func (g *Graph) Hash(p Pos) (plumbing.Hash, bool) {
	var h plumbing.Hash
	l, i, ok := g.layerOf(p)
	if ok {
		copy(h[:], l.oids[int(i)*hashSize:])
	}
	return h, ok
}

// Commit returns what the graph records about the commit at p.
func (g *Graph) Commit(p Pos) (Commit, error) {
	l, i, ok := g.layerOf(p)
	if !ok {
		return Commit{}, fmt.Errorf("commit-graph: position %d out of range", p)
	}
	d := l.cdat[int(i)*dataWidth : int(i+1)*dataWidth]
	var c Commit
	copy(c.Tree[:], d)
	p1 := binary.BigEndian.Uint32(d[hashSize:])
	p2 := binary.BigEndian.Uint32(d[hashSize+4:])
	gen := binary.BigEndian.Uint32(d[hashSize+8:])
	c.Generation = gen >> 2
	c.Time = int64(gen&3)<<32 | int64(binary.BigEndian.Uint32(d[hashSize+12:]))
	parent := func(v uint32) error {
		if v >= g.total {
			return fmt.Errorf("commit-graph %s: parent position %d out of range", l.name, v)
		}
		c.Parents = append(c.Parents, Pos(v))
		return nil
	}
	if p1 == noParent {
		return c, nil
	}
	if err := parent(p1); err != nil {
		return Commit{}, err
	}
	switch {
	case p2 == noParent:
	case p2&edgeFlag == 0:
		if err := parent(p2); err != nil {
			return Commit{}, err
		}
	default:
		for e := uint64(p2 &^ edgeFlag); ; e++ {
			if (e+1)*4 > uint64(len(l.edges)) {
				return Commit{}, fmt.Errorf("commit-graph %s: EDGE chunk too short", l.name)
			}
			v := binary.BigEndian.Uint32(l.edges[e*4:])
			if err := parent(v &^ edgeFlag); err != nil {
				return Commit{}, err
			}
			if v&edgeFlag != 0 {
				break
			}
		}
	}
	return c, nil
}
