package workspace

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapIndex maps the index file at p read-only, its pages populated at
// once, when it holds mapMin bytes or more; ok is false when it is not
// mapped (then it is read). Reading a large index into fresh memory cost
// more than decoding it: at 20,000 files 16 MB of page faults, about 8 ms
// of a write's CPU, against 0.1 ms to map it. Git maps its own index the
// same way. The strings of the values decoded from it point into the
// mapping, so it is never unmapped once decoded. Index files are only
// ever replaced whole (a temp file renamed over the old one, see
// writeCache), never written in place, so the mapped file does not
// change while it is read.
func mapIndex(p string) (data []byte, ok bool) {
	f, err := os.Open(p)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() < mapMin || fi.Size() != int64(int(fi.Size())) {
		return nil, false
	}
	data, err = unix.Mmap(int(f.Fd()), 0, int(fi.Size()), unix.PROT_READ, unix.MAP_PRIVATE|unix.MAP_POPULATE)
	if err != nil {
		return nil, false
	}
	return data, true
}

func unmapIndex(data []byte) { unix.Munmap(data) }
