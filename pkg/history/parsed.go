package history

import (
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/parsecache"
	"github.com/collab-tools/collab/pkg/semdiff"
	"github.com/collab-tools/collab/pkg/workspace"
)

// parseCache is the repository's cache of parsed versions (see package
// parsecache), opened on first use; nil when it is off.
func (r *Repo) parseCache() *parsecache.Cache {
	r.cacheOnce.Do(func() { r.cache = parsecache.Open(r.git.CommonDir()) })
	return r.cache
}

// parsedKey is the cache key of version h of the file at rel; false when
// such a version is not cached (an unknown kind, or no version).
func parsedKey(rel string, h Hash) (parsecache.Key, bool) {
	if h.IsZero() {
		return parsecache.Key{}, false
	}
	k, _, _ := model.ParsePath(rel)
	return parsecache.ParsedKey(h, k)
}

// cachedParsed is version h of the file at rel from the cache; false when
// the cache does not hold it, or holds it faulty.
func (r *Repo) cachedParsed(rel string, h Hash) (*semdiff.Parsed, bool) {
	key, ok := parsedKey(rel, h)
	if !ok {
		return nil, false
	}
	c := r.parseCache()
	b, ok := c.Get(key)
	if !ok {
		return nil, false
	}
	p, err := parsecache.DecodeParsed(b)
	if err != nil {
		c.Faulty()
		return nil, false
	}
	return p, true
}

// parse parses version v (version h of the file at rel) and keeps the
// result in the cache. A version that was not read (over the size cap) is
// not kept: its header says so again at no cost.
func (r *Repo) parse(rel string, h Hash, v semdiff.Version) *semdiff.Parsed {
	if parsedHook != nil {
		parsedHook(rel, h)
	}
	p := semdiff.Parse(rel, v)
	if key, ok := parsedKey(rel, h); ok && p != nil && v.Err == nil {
		if c := r.parseCache(); c.Room() {
			if b, err := parsecache.EncodeParsed(p); err == nil {
				c.Put(key, b)
			}
		}
	}
	return p
}

// parsedHook, when set by a test, is called for each version parsed.
var parsedHook func(rel string, h Hash)

// parsedVersion is version h of the file at rel parsed for semdiff: from
// the cache when it holds it, else read, parsed and kept; nil for the zero
// hash.
func (r *Repo) parsedVersion(rel string, h Hash) (*semdiff.Parsed, error) {
	if p, ok := r.cachedParsed(rel, h); ok {
		return p, nil
	}
	v, err := r.version(rel, h)
	if err != nil {
		return nil, err
	}
	return r.parse(rel, h, v), nil
}

// Decoded is version h of the file at rel decoded as workspace.Decode
// decodes data, that version's content (nil when it does not decode): from
// the parse cache when it holds it, else decoded and kept. Each call
// returns a value of its own.
func (r *Repo) Decoded(rel string, h Hash, data []byte) any {
	k, _, _ := model.ParsePath(rel)
	key, ok := parsecache.EntityKey(h, k)
	if !ok || h.IsZero() || data == nil {
		return workspace.Decode(rel, data)
	}
	if v, ok := r.CachedDecoded(rel, h); ok {
		return v
	}
	v := workspace.Decode(rel, data)
	if c := r.parseCache(); c.Room() {
		if b, err := parsecache.EncodeEntity(v); err == nil {
			c.Put(key, b)
		}
	}
	return v
}

// CachedDecoded is Decoded without the blob: version h of the file at rel
// decoded, when the parse cache holds it (so the version was read, within
// the size cap, and decoded before). ok is false when it does not: read
// the version and call Decoded.
func (r *Repo) CachedDecoded(rel string, h Hash) (v any, ok bool) {
	k, _, _ := model.ParsePath(rel)
	key, ok := parsecache.EntityKey(h, k)
	if !ok || h.IsZero() {
		return nil, false
	}
	c := r.parseCache()
	b, ok := c.Get(key)
	if !ok {
		return nil, false
	}
	v, err := parsecache.DecodeEntity(b, k)
	if err != nil {
		c.Faulty()
		return nil, false
	}
	return v, v != nil
}

// flushCache writes what the parse cache was given; errors are ignored.
func (r *Repo) flushCache() {
	if r.cache != nil {
		r.cache.Flush()
	}
}
