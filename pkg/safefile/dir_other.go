//go:build !unix

package safefile

import "os"

// dirSys reads through a root opened at the folder, with an Lstat before
// each read (see ReadFile).
type dirSys struct{ root *os.Root }

func openDirSys(root *os.Root, dir string) (dirSys, error) {
	r, err := root.OpenRoot(dir)
	if err != nil {
		return dirSys{}, err
	}
	return dirSys{root: r}, nil
}

func (s dirSys) names() ([]string, error) {
	f, err := s.root.Open(".")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

func (s dirSys) close() error { return s.root.Close() }

// readFile gives no Stat: the Lstat here has no change time, inode or
// device, so skip is never asked.
func (s dirSys) readFile(name, rel string, max int64, skip func(Stat) bool) ([]byte, *Stat, bool, error) {
	data, err := readFile(s.root, name, rel, max)
	return data, nil, false, err
}
