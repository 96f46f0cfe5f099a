#!/usr/bin/env bash
# Ingest throughput: how fast the ThinSlice node accepts CT series by C-STORE, compared with dcmtk's
# storescp on the same machine, same files, same sender (dcmtk storescu, one association per series):
# once with one association at a time, once with CONCURRENT associations at once (CONCURRENT storescu
# processes in parallel, each sending its own series; storescp then runs with --fork, dcmtk's way of
# serving several associations at once - without it storescp serves them one after another).
#
# Run from the repository root after `mvn -B -q package -DskipTests`:
#   bench/ingest-throughput.sh
# Settings (environment): REPS (3), ROWS (256), COLUMNS (256), SLICES (121), CONCURRENT (4; 0 skips that
# part), JAR (target/quarkus-app/quarkus-run.jar), NODE_JAVA_OPTS (""), KEEP=1 keeps the work folder,
# TCP_NODELAY (1; see below).
#
# TCP_NODELAY: dcmtk 3.6.7 as built by Debian leaves Nagle's algorithm on unless the environment variable
# TCP_NODELAY=1 is set. With Nagle on, every C-STORE stalls ~40 ms on delayed ACKs (storescp then manages
# ~20 images/s whatever the disk), which measures TCP, not the receivers. The script exports
# TCP_NODELAY=1 for storescu and storescp by default; TCP_NODELAY=0 bench/ingest-throughput.sh measures
# with dcmtk's default instead. The ThinSlice node always disables Nagle on its own sockets.
#
# Each repetition sends a different phantom series (its own Study/Series/SOP Instance UIDs), so the node
# never sees a duplicate, and storescp gets a fresh output folder. The node runs with a high
# thinslice.series.stable-seconds so it does not start processing during the measurement; it measures
# reception + durable spooling (the node fsyncs every file, renames it atomically into the spool and
# fsyncs the series folder before each C-STORE response; storescp fsyncs nothing), not synthesis.
set -euo pipefail

REPS=${REPS:-3}
ROWS=${ROWS:-256}
COLUMNS=${COLUMNS:-256}
SLICES=${SLICES:-121}
CONCURRENT=${CONCURRENT:-4}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:-}
SCP_AET=BENCHSCP
NODE_AET=THINSLICE
SCU_AET=BENCHSCU
export TCP_NODELAY=${TCP_NODELAY:-1}

die() { echo "ingest-throughput: $*" >&2; exit 1; }

[[ -f pom.xml && -d src/main/java/io/thinslice ]] || die "run from the repository root"
[[ -f $JAR ]] || die "$JAR not found; run: mvn -B -q package -DskipTests"
for tool in java storescu storescp echoscu curl; do
    command -v "$tool" >/dev/null || die "$tool not found (apt install dcmtk curl openjdk-17-jre-headless)"
done
(( REPS >= 1 )) || die "REPS must be at least 1"
(( CONCURRENT >= 0 )) || die "CONCURRENT must be 0 or more"

source "$(dirname "${BASH_SOURCE[0]}")/work-folder.sh"
bench_work_folder bench

# A TCP port nobody listens on now (bind to port 0 and read back what the kernel chose).
free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
    else
        local p
        while :; do
            p=$(( 20000 + RANDOM % 30000 ))
            (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
        done
    fi
}

now() { date +%s.%N; }

# Waits until something answers DICOM C-ECHO on port $1 with AE $2.
wait_for_echo() {
    local port=$1 aet=$2
    for _ in $(seq 1 100); do
        echoscu -aet "$SCU_AET" -aec "$aet" 127.0.0.1 "$port" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "nothing answers C-ECHO on port $port"
}

# Sends folder $1 to port $2 / AE $3 in one association; prints the seconds it took.
timed_store() {
    local dir=$1 port=$2 aet=$3 t0 t1
    t0=$(now)
    storescu -R +sd -aet "$SCU_AET" -aec "$aet" 127.0.0.1 "$port" "$dir" >"$WORK/storescu.log" 2>&1 \
        || { cat "$WORK/storescu.log" >&2; die "storescu to $aet failed"; }
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

# Sends folders $3... to port $1 / AE $2 at once, one storescu (one association) per folder; prints the
# seconds from the first start to the last end.
timed_concurrent_store() {
    local port=$1 aet=$2 t0 t1 pids=() i=0 dir failed=0
    shift 2
    t0=$(now)
    for dir in "$@"; do
        i=$((i + 1))
        storescu -R +sd -aet "$SCU_AET" -aec "$aet" 127.0.0.1 "$port" "$dir" >"$WORK/storescu-$i.log" 2>&1 &
        pids+=($!)
    done
    for i in "${!pids[@]}"; do
        wait "${pids[$i]}" || { failed=1; cat "$WORK/storescu-$((i + 1)).log" >&2; }
    done
    t1=$(now)
    (( failed == 0 )) || die "a storescu to $aet failed"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

# Starts storescp (options $2...) on a free port writing into folder $1; sets SCP_PORT.
start_storescp() {
    local out=$1
    shift
    SCP_PORT=$(free_port)
    mkdir -p "$out"
    storescp "$@" -aet "$SCP_AET" -od "$out" "$SCP_PORT" >"$out.log" 2>&1 &
    PIDS+=($!)
    wait_for_echo "$SCP_PORT" "$SCP_AET"
}

stop_storescp() {
    # With --fork the children serve the associations; they have ended once storescu has.
    kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", n / s }'; }

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ---- test data: one phantom series per repetition ------------------------------------------------
# phantom-1..REPS for one association at a time; phantom-c<r>-<k> (k = 1..CONCURRENT) for repetition r
# with CONCURRENT associations: every series the node gets is new to it.
phantom() {
    java -jar "$JAR" phantom --out "$WORK/$1" --rows "$ROWS" --columns "$COLUMNS" \
        --thin-slices "$SLICES" --factor 1 --seed "$2" --name "$1" >/dev/null
    rm -rf "$WORK/$1/thin"   # with --factor 1 thick == thin; send one copy
}
echo "generating $((REPS * (1 + CONCURRENT))) phantom series of $SLICES slices, ${ROWS}x${COLUMNS} ..."
for r in $(seq 1 "$REPS"); do
    phantom "phantom-$r" "$((1000 + r))"
    for k in $(seq 1 "$CONCURRENT"); do
        phantom "phantom-c$r-$k" "$((2000 + 10 * r + k))"
    done
done
concurrent_dirs() { local k; for k in $(seq 1 "$CONCURRENT"); do echo "$WORK/phantom-c$1-$k/thick"; done; }
FILES=$(find "$WORK/phantom-1/thick" -name '*.dcm' | wc -l)
BYTES=$(du -sb "$WORK/phantom-1/thick" | cut -f1)
(( FILES == SLICES )) || die "expected $SLICES files, found $FILES"

# ---- dcmtk storescp ------------------------------------------------------------------------------
SCP_TIMES=()
SCP_C_TIMES=()
for r in $(seq 1 "$REPS"); do
    start_storescp "$WORK/storescp-$r"
    s=$(timed_store "$WORK/phantom-$r/thick" "$SCP_PORT" "$SCP_AET")
    got=$(find "$WORK/storescp-$r" -type f | wc -l)
    (( got == FILES )) || die "storescp stored $got of $FILES files"
    stop_storescp
    SCP_TIMES+=("$s")
    echo "storescp          run $r: $FILES images in ${s}s = $(rate "$FILES" "$s") images/s"
    if (( CONCURRENT > 0 )); then
        start_storescp "$WORK/storescp-c$r" --fork
        # shellcheck disable=SC2046
        s=$(timed_concurrent_store "$SCP_PORT" "$SCP_AET" $(concurrent_dirs "$r"))
        got=$(find "$WORK/storescp-c$r" -type f | wc -l)
        (( got == FILES * CONCURRENT )) || die "storescp --fork stored $got of $((FILES * CONCURRENT)) files"
        stop_storescp
        SCP_C_TIMES+=("$s")
        echo "storescp --fork   run $r: $CONCURRENT x $FILES images at once in ${s}s = $(rate "$((FILES * CONCURRENT))" "$s") images/s"
    fi
done

# ---- ThinSlice node ------------------------------------------------------------------------------
DICOM_PORT=$(free_port)
HTTP_PORT=$(free_port)
STORAGE="$WORK/node"
# shellcheck disable=SC2086
java $NODE_JAVA_OPTS \
    -Dthinslice.storage.dir="$STORAGE" \
    -Dthinslice.dicom.port="$DICOM_PORT" \
    -Dthinslice.dicom.bind-address=127.0.0.1 \
    -Dthinslice.dicom.ae-title="$NODE_AET" \
    -Dthinslice.series.stable-seconds=86400 \
    -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port="$HTTP_PORT" \
    -jar "$JAR" >"$WORK/node.log" 2>&1 &
NODE_PID=$!
PIDS+=("$NODE_PID")
for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$NODE_PID" 2>/dev/null || { cat "$WORK/node.log" >&2; die "the node exited during start-up"; }
    sleep 0.5
done
curl -fsS "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null || { cat "$WORK/node.log" >&2; die "the node did not become ready"; }

NODE_TIMES=()
NODE_C_TIMES=()
expected=0
for r in $(seq 1 "$REPS"); do
    s=$(timed_store "$WORK/phantom-$r/thick" "$DICOM_PORT" "$NODE_AET")
    expected=$((expected + FILES))
    got=$(find "$STORAGE/series" -name '*.dcm' | wc -l)
    (( got == expected )) || die "the node spooled $got files, expected $expected"
    NODE_TIMES+=("$s")
    echo "ThinSlice         run $r: $FILES images in ${s}s = $(rate "$FILES" "$s") images/s"
    if (( CONCURRENT > 0 )); then
        # shellcheck disable=SC2046
        s=$(timed_concurrent_store "$DICOM_PORT" "$NODE_AET" $(concurrent_dirs "$r"))
        expected=$((expected + FILES * CONCURRENT))
        got=$(find "$STORAGE/series" -name '*.dcm' | wc -l)
        (( got == expected )) || die "the node spooled $got files, expected $expected"
        NODE_C_TIMES+=("$s")
        echo "ThinSlice         run $r: $CONCURRENT x $FILES images at once in ${s}s = $(rate "$((FILES * CONCURRENT))" "$s") images/s"
    fi
done

# ---- summary -------------------------------------------------------------------------------------
SCP_MED=$(median "${SCP_TIMES[@]}")
NODE_MED=$(median "${NODE_TIMES[@]}")
echo
echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine:  $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)), $(free -g 2>/dev/null | awk '/^Mem:/ { print $2 " GiB RAM" }')"
echo "software: $(java -version 2>&1 | head -1); $(storescu --version 2>/dev/null | head -1 | tr -d '$')"
echo "dcmtk:    TCP_NODELAY=$TCP_NODELAY (1: Nagle off in storescu/storescp)"
echo "data:     $FILES images ${ROWS}x${COLUMNS} 16-bit, $(awk -v b="$BYTES" 'BEGIN { printf "%.1f MiB", b / 1048576 }') per series, explicit VR little endian, one association per series, $REPS runs"
if command -v python3 >/dev/null; then
    # What one durable instance costs this disk now (the node makes two such flushes per instance: the file's, and
    # the folder's, which concurrent instances share); storescp makes none.
    echo "disk:     write + fsync of a 128 KiB file, median of 20: $(python3 - "$STORAGE" <<'PY'
import os, sys, time
d = sys.argv[1]; data = os.urandom(128 * 1024); t = []
for i in range(20):
    p = os.path.join(d, "fsync-probe-%d" % i)
    with open(p, "wb") as f:
        f.write(data); f.flush(); t0 = time.perf_counter(); os.fsync(f.fileno()); t.append(time.perf_counter() - t0)
    os.unlink(p)
print("%.2f ms" % (sorted(t)[10] * 1000))
PY
)"
fi
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min load average at the end; other work on the machine slows both sides)"
echo "1 association:"
echo "  storescp  median ${SCP_MED}s = $(rate "$FILES" "$SCP_MED") images/s"
echo "  ThinSlice median ${NODE_MED}s = $(rate "$FILES" "$NODE_MED") images/s"
echo "ratio ThinSlice/storescp, 1 association (images/s): $(awk -v a="$SCP_MED" -v b="$NODE_MED" 'BEGIN { printf "%.2f", a / b }')"
if (( CONCURRENT > 0 )); then
    SCP_C_MED=$(median "${SCP_C_TIMES[@]}")
    NODE_C_MED=$(median "${NODE_C_TIMES[@]}")
    n=$((FILES * CONCURRENT))
    echo "$CONCURRENT associations at once:"
    echo "  storescp --fork median ${SCP_C_MED}s = $(rate "$n" "$SCP_C_MED") images/s"
    echo "  ThinSlice       median ${NODE_C_MED}s = $(rate "$n" "$NODE_C_MED") images/s"
    echo "ratio ThinSlice/storescp, $CONCURRENT associations (images/s): $(awk -v a="$SCP_C_MED" -v b="$NODE_C_MED" 'BEGIN { printf "%.2f", a / b }')"
fi
