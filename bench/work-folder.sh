# Sourced by the bench scripts. bench_work_folder NAME makes $WORK (removed at exit; KEEP=1 keeps it) and PIDS, the
# processes the script starts: at exit each gets SIGTERM and up to 15 s to stop (a node drains its work first), then
# SIGKILL, so no node or storescp is left behind.
bench_work_folder() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/thinslice-$1.XXXXXX")
    PIDS=()
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

bench_cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -9 "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    if [[ ${KEEP:-0} == 1 ]]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
