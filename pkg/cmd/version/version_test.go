package version

import (
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestResolve(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "72edc1df103b6dc4a4bb678295cb9e006bf0a626"},
		{Key: "vcs.time", Value: "2026-12-02T09:38:08Z"},
	}
	goVersion := runtime.Version()
	tests := []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  Info
	}{
		{
			name:    "release build: the linker's values win",
			version: "1.4.0", commit: "72edc1d", date: "2026-12-01T10:00:00Z",
			bi:   &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: vcs},
			want: Info{Version: "1.4.0", Commit: "72edc1d", Date: "2026-12-01T10:00:00Z", Go: goVersion},
		},
		{
			name:    "go install of a tagged version: no VCS settings",
			version: "dev",
			bi:      &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}},
			want:    Info{Version: "v1.4.0", Go: goVersion},
		},
		{
			name:    "go build in a git checkout",
			version: "dev",
			bi:      &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261202093808-72edc1df103b+dirty"}, Settings: vcs},
			want:    Info{Version: "v0.0.0-20261202093808-72edc1df103b+dirty", Commit: "72edc1df103b6dc4a4bb678295cb9e006bf0a626", Date: "2026-12-02T09:38:08Z", Go: goVersion},
		},
		{
			name:    "go build without VCS stamping",
			version: "dev",
			bi:      &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			want:    Info{Version: "dev", Go: goVersion},
		},
		{
			name:    "no build information",
			version: "dev",
			want:    Info{Version: "dev", Go: goVersion},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolve(tt.version, tt.commit, tt.date, tt.bi)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resolve (-want +got):\n%s", diff)
			}
		})
	}
}

func TestString(t *testing.T) {
	platform := " " + runtime.GOOS + "/" + runtime.GOARCH
	tests := []struct {
		info Info
		want string
	}{
		{Info{Version: "dev"}, "collab dev" + platform},
		{Info{Version: "v1.4.0", Commit: "72edc1d"}, "collab v1.4.0 (commit 72edc1d)" + platform},
		{Info{Version: "v1.4.0", Commit: "72edc1d", Date: "2026-12-01T10:00:00Z"}, "collab v1.4.0 (commit 72edc1d, built 2026-12-01T10:00:00Z)" + platform},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.info.String()); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tt.info, diff)
		}
	}
}
