package gitobj

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// Commits and tags are decoded here rather than by go-git's object package:
// that package links OpenPGP (its elliptic curves are set up when every
// collab command starts) for signature checks collab does with git itself.
// The decoding follows go-git's (plumbing/object, v5.19), which follows
// git's parse_commit_buffer, so that a commit reads the same as before.

// ErrMalformed is wrapped by the errors of DecodeCommit and TagTarget.
var ErrMalformed = errors.New("malformed object")

// Signature is an author or committer line: a name, an email and a time in
// the time zone the line gives.
type Signature struct {
	Name  string
	Email string
	When  time.Time
}

// Commit is a decoded commit object. Headers other than the tree, parents,
// author and committer (encoding, signatures, merge tags) are not kept.
type Commit struct {
	Hash         plumbing.Hash
	TreeHash     plumbing.Hash
	ParentHashes []plumbing.Hash
	Author       Signature
	Committer    Signature
	// Message is everything after the blank line that ends the headers.
	Message string
}

// DecodeCommit decodes the content of commit h. The tree header must come
// first; parent lines count only as one block right after it, the author
// only right after them and the committer only right after that, as git
// reads them. A commit without a blank line has an empty message.
func DecodeCommit(h plumbing.Hash, raw []byte) (*Commit, error) {
	c := &Commit{Hash: h}
	const (
		tree = iota
		parents
		author
		committer
		other
	)
	state := tree
	for len(raw) > 0 {
		line := raw
		if nl := bytes.IndexByte(raw, '\n'); nl >= 0 {
			line, raw = raw[:nl], raw[nl+1:]
			if nl == 0 {
				if state == tree {
					break
				}
				c.Message = string(raw)
				return c, nil
			}
		} else {
			raw = nil
		}
		key, val, _ := bytes.Cut(line, []byte{' '})
		switch {
		case state == tree:
			if string(key) != "tree" {
				return nil, fmt.Errorf("%w: commit %s: tree header must be first", ErrMalformed, h)
			}
			var err error
			if c.TreeHash, err = parseHash(val, "commit", h, "tree"); err != nil {
				return nil, err
			}
			state = parents
			continue
		case state == parents && string(key) == "parent":
			p, err := parseHash(val, "commit", h, "parent")
			if err != nil {
				return nil, err
			}
			c.ParentHashes = append(c.ParentHashes, p)
			continue
		}
		// Continuation lines (signatures, merge tags) start with a space:
		// their key is empty and matches nothing here.
		if state <= author {
			state = committer
			if string(key) == "author" {
				c.Author.decode(val)
				continue
			}
		}
		if state == committer {
			state = other
			if string(key) == "committer" {
				c.Committer.decode(val)
			}
		}
	}
	if state == tree {
		return nil, fmt.Errorf("%w: commit %s: missing tree header", ErrMalformed, h)
	}
	return c, nil
}

// TagTarget is the object an annotated tag names: its first header, which
// the type and tag headers must follow (go-git's decoder stops without an
// error where the content ends without a newline).
func TagTarget(h plumbing.Hash, raw []byte) (plumbing.Hash, error) {
	var target plumbing.Hash
	for _, want := range []string{"object", "type", "tag"} {
		line, rest, more := bytes.Cut(raw, []byte{'\n'})
		raw = rest
		key, val, _ := bytes.Cut(line, []byte{' '})
		if string(key) != want {
			return plumbing.ZeroHash, fmt.Errorf("%w: tag %s: no %s header in its place", ErrMalformed, h, want)
		}
		switch want {
		case "object":
			var err error
			if target, err = parseHash(val, "tag", h, "object"); err != nil {
				return plumbing.ZeroHash, err
			}
		case "type":
			if _, err := plumbing.ParseObjectType(string(val)); err != nil {
				return plumbing.ZeroHash, fmt.Errorf("%w: tag %s: %w", ErrMalformed, h, err)
			}
		}
		if !more {
			break
		}
	}
	return target, nil
}

func parseHash(b []byte, kind string, h plumbing.Hash, header string) (plumbing.Hash, error) {
	if !plumbing.IsHash(string(b)) {
		return plumbing.ZeroHash, fmt.Errorf("%w: %s %s: bad %s hash", ErrMalformed, kind, h, header)
	}
	return plumbing.NewHash(string(b)), nil
}

// decode reads "Name <email> 1700000000 +0100". What it cannot read stays
// zero, as go-git leaves it: a line without <> gives nothing, a bad time
// or zone keeps what came before it.
func (s *Signature) decode(b []byte) {
	open, close := bytes.LastIndexByte(b, '<'), bytes.LastIndexByte(b, '>')
	if open < 0 || close < open {
		return
	}
	s.Name = string(bytes.Trim(b[:open], " "))
	s.Email = string(b[open+1 : close])
	if close+2 >= len(b) {
		return
	}
	b = b[close+2:]
	space := bytes.IndexByte(b, ' ')
	if space < 0 {
		space = len(b)
	}
	ts, err := strconv.ParseInt(string(b[:space]), 10, 64)
	if err != nil {
		return
	}
	s.When = time.Unix(ts, 0).In(time.UTC)
	zone := b[min(space+1, len(b)):]
	if len(zone) < 5 {
		return
	}
	hours, err1 := strconv.ParseInt(string(zone[0:3]), 10, 64)
	mins, err2 := strconv.ParseInt(string(zone[3:5]), 10, 64)
	if err1 != nil || err2 != nil {
		return
	}
	offset := int(abs(hours)*3600 + mins*60)
	if zone[0] == '-' { // -0030 too, which go-git read as +0030
		offset = -offset
	}
	s.When = s.When.In(time.FixedZone("", offset))
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// append writes the signature as a commit line holds it; a time before 1970
// is written as 0, as go-git writes it.
func (s *Signature) append(b []byte) []byte {
	b = append(b, s.Name...)
	b = append(b, " <"...)
	b = append(b, s.Email...)
	b = append(b, "> "...)
	b = strconv.AppendInt(b, max(s.When.Unix(), 0), 10)
	b = append(b, ' ')
	return s.When.AppendFormat(b, "-0700")
}

// Encode is the content of commit c as git stores it: tree, parents,
// author, committer, a blank line and the message.
func (c *Commit) Encode() []byte {
	b := make([]byte, 0, 256+len(c.Message))
	b = append(b, "tree "...)
	b = append(b, c.TreeHash.String()...)
	for _, p := range c.ParentHashes {
		b = append(b, "\nparent "...)
		b = append(b, p.String()...)
	}
	b = append(b, "\nauthor "...)
	b = c.Author.append(b)
	b = append(b, "\ncommitter "...)
	b = c.Committer.append(b)
	b = append(b, "\n\n"...)
	return append(b, c.Message...)
}
