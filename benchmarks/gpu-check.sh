#!/usr/bin/env bash
# The hardware-encoder check (issue 13), for a machine with a GPU and its driver: renders the same job
# of 30 clips x 1 s of 4K (3840x2160, 30 fps) with the GPU's encoder (hardwareEncoding REQUIRED: NVENC
# on an NVIDIA GPU, else Quick Sync on an Intel one, else VAAPI on any GPU with a render node, such
# as AMD's) and with libx264 (OFF), re-encoding (--stream-copy false), alternating for ROUNDS (3)
# rounds, and prints each run's wall time, render fps and encoder, then the median fps of each and
# their ratio. Fails when no hardware encoder runs (REQUIRED names why), when the one that ran is not
# a GPU's, or when an output is not H.264 with the frames asked for.
#
#   benchmarks/gpu-check.sh            # builds benchmarks.jar if needed, makes the 4K media, runs
#
# Needs: Java 17 and Maven (or BENCH_JAR pointing at a built benchmarks.jar), the system ffmpeg and
# ffprobe for the sources and the read-back (installed from Debian's packages when missing), and
# nvidia-smi or a render node under /dev/dri (VAAPI also needs the GPU's VA driver, e.g. Debian's
# intel-media-va-driver or mesa-va-drivers).
# Settings: ROUNDS (3), CLIPS (30), OUT_DIR (benchmarks/target/gpu-check).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
JAR=${BENCH_JAR:-$HERE/target/benchmarks.jar}
OUT=${OUT_DIR:-$HERE/target/gpu-check}
ROUNDS=${ROUNDS:-3}
CLIPS=${CLIPS:-30}
SIZE=3840x2160

log() { printf '[gpu-check %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

GPU_JAVA_OPTS=()
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | while read -r line; do log "GPU: $line"; done
elif compgen -G '/dev/dri/renderD*' >/dev/null; then
  for node in /sys/class/drm/renderD*; do log "GPU render node: ${node##*/}, vendor $(cat "$node/device/vendor" 2>/dev/null)"; done
  # JavaCV's FFmpeg bundles libva 2.14, which cannot load the drivers of current distributions: use the system's.
  GPU_JAVA_OPTS=(-Dorg.bytedeco.javacpp.pathsFirst=true)
else
  die "no nvidia-smi and no /dev/dri/renderD* node: this check needs a GPU and its driver"
fi
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
  log "installing ffmpeg from Debian's packages"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq ffmpeg >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq ffmpeg >/dev/null; fi
fi
if [ ! -f "$JAR" ]; then
  log "building $JAR"
  (cd "$ROOT" && mvn -B -q package -pl benchmarks -am -DskipTests)
fi

mkdir -p "$OUT/media" "$OUT/out" "$OUT/tmp"
for i in 0 1 2 3 4; do
  file=$OUT/media/src$i.mp4
  [ -s "$file" ] && continue
  log "generating $file (4K, 8 s)"
  ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$SIZE:rate=30" \
    -f lavfi -i "sine=frequency=$((220 + 110 * i)):sample_rate=48000" -t 8 -vf "hue=h=$((i * 36))" \
    -c:v libx264 -preset ultrafast -g 30 -pix_fmt yuv420p -c:a aac -ac 2 "$OUT/media/.tmp$i.mp4"
  mv "$OUT/media/.tmp$i.mp4" "$file"
done
list=$OUT/clips.txt
awk -v n="$CLIPS" -v dir="$OUT/media" 'BEGIN { for (i = 0; i < n; i++) printf "%s/src%d.mp4 %.3f %.3f\n", dir, i % 5, (i * 0.7) % 6, (i * 0.7) % 6 + 1 }' > "$list"

run() { # MODE OUTPUT -> prints "wall_s render_fps encoder"
  local start end line
  start=$(date +%s.%N)
  line=$(java -Xmx1g "${GPU_JAVA_OPTS[@]}" -cp "$JAR" dev.montage.benchmarks.WholeJob --clips "$list" --output "$2" --size "$SIZE" \
    --fps 30 --stream-copy false --temp "$OUT/tmp" --hardware-encoding "$1" | grep '^montage ')
  end=$(date +%s.%N)
  local fps encoder frames codec
  fps=$(sed -n 's/.* render_fps=\([^ ]*\).*/\1/p' <<< "$line")
  encoder=$(sed -n 's/.* encoder=\([^ ]*\).*/\1/p' <<< "$line")
  frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$2")
  codec=$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name -of csv=p=0 "$2")
  [ "$codec" = h264 ] || die "$2 holds $codec, not h264"
  if [ "$1" = required ]; then
    case "$encoder" in *_nvenc | *_qsv | *_vaapi) ;; *) die "REQUIRED ran $encoder, not a GPU's encoder" ;; esac
  fi
  [ "$frames" = $((CLIPS * 30)) ] || die "$2 has $frames frames, not $((CLIPS * 30))"
  printf '%s %s %s\n' "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')" "$fps" "$encoder"
}

: > "$OUT/results.tsv"
for ((r = 1; r <= ROUNDS; r++)); do
  for mode in required off; do
    run "$mode" "$OUT/out/$mode.mp4" > "$OUT/run.txt" || die "the $mode render failed (see above)"
    read -r wall fps encoder < "$OUT/run.txt"
    log "round $r $mode: $encoder, wall ${wall}s, render ${fps} fps"
    printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$mode" "$encoder" "$wall" "$fps" >> "$OUT/results.tsv"
  done
done
python3 - "$OUT/results.tsv" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
fps = {m: statistics.median(float(r[4]) for r in rows if r[1] == m) for m in ("required", "off")}
enc = {m: next(r[2] for r in rows if r[1] == m) for m in ("required", "off")}
print(f"GPU ({enc['required']}): {fps['required']:.1f} fps; software ({enc['off']}): {fps['off']:.1f} fps;"
      f" GPU / software = {fps['required'] / fps['off']:.2f}x (medians of {len(rows) // 2} rounds)")
PY
