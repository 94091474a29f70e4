#!/usr/bin/env bash
# Measures collab validate against kubeconform with the same schemas on a
# generated workspace of N entity files (default 20000), the two alternated
# RUNS times (default 5): median wall time, CPU time (user + system) and
# peak RSS of each, and the ratios collab / kubeconform. On a shared
# machine, read the CPU ratio for time.
# Needs kubeconform (go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0).
# Usage: bench/validate.sh [N] [RUNS]
set -euo pipefail
n=${1:-20000}
runs=${2:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PATH="$(go env GOPATH)/bin:$PATH"
for tool in kubeconform git python3; do
  command -v $tool >/dev/null || { echo "missing $tool: see the comment at the top of $0" >&2; exit 1; }
done

go build -o "$tmp/collab" "$repo/cmd/collab"
go run "$repo/bench/genws" -n "$n" "$tmp/ws"
mkdir "$tmp/schemas" && cp "$repo"/schema/*.schema.json "$tmp/schemas/"
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@acme.example GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@acme.example
git -C "$tmp/ws" init -q && git -C "$tmp/ws" add -A && git -C "$tmp/ws" commit -qm init

cd "$tmp"
echo "== validate, $n files, $runs rounds alternated; $(uptime | sed 's/.*load/load/')"
python3 - "$runs" "$n" <<'PY'
import os, statistics, subprocess, sys, time
runs, n = int(sys.argv[1]), sys.argv[2]
cmds = [
    ("collab validate", ["./collab", "-C", "ws", "validate", "--as-of", "2026-03-10"]),
    ("kubeconform", ["kubeconform", "-summary", "-schema-location", "schemas/{{.ResourceKind}}.schema.json", "ws"]),
]
res = {label: [] for label, _ in cmds}
for _ in range(runs):
    for label, argv in cmds:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # wait4 gives this child's own resource use, peak RSS included.
        _, status, ru = os.wait4(p.pid, 0)
        wall = (time.perf_counter() - t0) * 1000
        if status != 0:
            sys.exit(f"{label} failed (status {status}): the generated workspace must be valid")
        res[label].append((wall, (ru.ru_utime + ru.ru_stime) * 1000, ru.ru_maxrss / 1024))
med = {label: [statistics.median(r[i] for r in res[label]) for i in range(3)] for label in res}
for label, (w, c, m) in med.items():
    print(f"{label:16s} wall {w:7.0f} ms   cpu {c:7.0f} ms   peak RSS {m:6.1f} MiB (max {max(r[2] for r in res[label]):.1f})")
(cw, cc, cm), (kw, kc, km) = med["collab validate"], med["kubeconform"]
print(f"ratio collab/kubeconform, {n} files: wall {cw / kw:.2f}x   cpu {cc / kc:.2f}x   peak RSS {cm / km:.2f}x")
PY
echo "load after: $(uptime | sed 's/.*load average: //')"
