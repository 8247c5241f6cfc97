#!/usr/bin/env bash
# Whole-job benchmarks of Montage against the ffmpeg CLI, MLT's melt and editly (re-encode job only),
# plus the JMH benchmarks.
#
#   benchmarks/run.sh all        everything below, then the report (docs/benchmarks.md + plots)
#   benchmarks/run.sh quick      a small smoke run (360p, 3 clips, 1 round) to check the harness
#
# Single steps: setup | build | media | reencode | floor | compose | copy | copy-audio | copy-encoders | smartcut | hevc-smartcut |
# scale (includes scale-w1) | scale-w1 |
# resolution | 8k | jmh | report
#
# Every tool renders the same generated H.264+AAC sources and the same clip list. Each run is
# timed by GNU time (/usr/bin/time): wall time and peak RSS of the whole process, so Montage's
# numbers include JVM start-up and loading the FFmpeg natives. Results go to $OUT_DIR (default
# benchmarks/target/bench) as one TSV per scenario; `report` turns them into tables and plots.
#
# Settings (environment): ROUNDS (3), CLIPS (20), CLIP_SECONDS (1.5), SCALE_COUNTS ("10 100 1000"),
# SCALE_CLIP_SECONDS (0.4), SCALE_ROUNDS (1), SCALE_ONE_WORKER_COUNTS ("10 100"),
# SCALE_PEERS ("10 100 1000": clip counts at which ffmpeg and melt are run too), RES_CLIPS (50), COPY_LARGE (200),
# SMART_CLIPS (10), SMART_CLIP_SECONDS (6), MEDIA_DIR, OUT_DIR, JMH_ARGS ("-wi 2 -i 3 -f 1"),
# RES_RETRY_HEAP (1g), EIGHT_K_HEAPS ("512m 1g 2g"), MONTAGE_JAVA_OPTS (extra JVM flags), PEER_RSS_CAP_GB (8: ffmpeg or
# melt is killed when its RSS passes this in the clip-count runs), EDITLY (1: editly is a peer of the re-encode job;
# 0 leaves it out and installs nothing for it), EDITLY_VERSION (0.14.2), EDITLY_DIR (benchmarks/target/editly).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
JAR=$HERE/target/benchmarks.jar
MEDIA=${MEDIA_DIR:-$HERE/target/media}
OUT=${OUT_DIR:-$HERE/target/bench}
ROUNDS=${ROUNDS:-3}
CLIPS=${CLIPS:-20}
CLIP_SECONDS=${CLIP_SECONDS:-1.5}
SCALE_COUNTS=${SCALE_COUNTS:-10 100 1000}
SCALE_CLIP_SECONDS=${SCALE_CLIP_SECONDS:-0.4}
SCALE_ROUNDS=${SCALE_ROUNDS:-1}
SCALE_PEERS=${SCALE_PEERS:-10 100 1000}
RES_CLIPS=${RES_CLIPS:-50}
JMH_ARGS=${JMH_ARGS:--wi 2 -i 3 -f 1}
MONTAGE_JAVA_OPTS=${MONTAGE_JAVA_OPTS:-}
PEER_RSS_CAP_GB=${PEER_RSS_CAP_GB:-8}
EDITLY=${EDITLY:-1}
EDITLY_VERSION=${EDITLY_VERSION:-0.14.2}
EDITLY_DIR=${EDITLY_DIR:-$HERE/target/editly}
EDITLY_BIN=$EDITLY_DIR/node_modules/.bin/editly
FPS=30

log() { printf '[run.sh %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools -----------------------------------------------------------------------------------

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup() {
  local missing=()
  command -v ffmpeg >/dev/null || missing+=(ffmpeg)
  command -v melt >/dev/null || missing+=(melt)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v python3 >/dev/null || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} with apt-get"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
  if ! python3 -c 'import matplotlib' 2>/dev/null && ! command -v gnuplot >/dev/null; then
    log "no matplotlib and no gnuplot: installing gnuplot-nox for the plots"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q gnuplot-nox \
      || log "gnuplot-nox could not be installed: plots fall back to SVG"
  fi
  command -v java >/dev/null || die "java (17+) is required"
  [ "$EDITLY" = 1 ] && setup_editly
  return 0
}

# editly (npm) builds its native dependencies from source here: `canvas` (node-canvas, against
# cairo, pango, libjpeg, giflib, librsvg) and `gl` (headless-gl: ANGLE plus the X11/GLX libraries),
# because their prebuilt binaries are fetched from GitHub, which this machine cannot reach. `gl`
# needs an X display even for rendering off screen, hence Xvfb (`xvfb-run`). It is installed with
# npm into EDITLY_DIR (not committed); both steps are skipped when already done.
EDITLY_DEBS=(build-essential pkg-config python3 libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev
  librsvg2-dev libxi-dev libglu1-mesa-dev libglew-dev libgl1-mesa-dev libgl1-mesa-dri xvfb xauth)

setup_editly() {
  local missing=() pkg
  for pkg in "${EDITLY_DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  command -v npm >/dev/null || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} with apt-get (for editly)"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
  if [ "$(editly_installed_version)" = "$EDITLY_VERSION" ] \
      && [ -f "$EDITLY_DIR/node_modules/canvas/build/Release/canvas.node" ] \
      && [ -f "$EDITLY_DIR/node_modules/gl/build/Release/webgl.node" ]; then
    return
  fi
  log "installing editly@$EDITLY_VERSION with npm into $EDITLY_DIR (builds canvas and gl from source: minutes)"
  mkdir -p "$EDITLY_DIR"
  [ -f "$EDITLY_DIR/package.json" ] || echo '{"name": "montage-benchmarks-editly", "private": true}' > "$EDITLY_DIR/package.json"
  (cd "$EDITLY_DIR" && npm install --no-audit --no-fund --foreground-scripts "editly@$EDITLY_VERSION") \
    > "$EDITLY_DIR/npm-install.log" 2>&1 || die "npm install editly@$EDITLY_VERSION failed: see $EDITLY_DIR/npm-install.log"
  [ "$(editly_installed_version)" = "$EDITLY_VERSION" ] || die "editly $EDITLY_VERSION is not in $EDITLY_DIR after npm install"
}

editly_installed_version() {
  node -p 'require(process.argv[1]).version' "$EDITLY_DIR/node_modules/editly/package.json" 2>/dev/null || true
}

build() {
  # Rebuilt when any Montage source is newer than the jar; SKIP_BUILD=1 uses the jar as it is.
  if [ -f "$JAR" ] && { [ "${SKIP_BUILD:-0}" = 1 ] || [ -z "$(find "$HERE/src" "$HERE/pom.xml" "$ROOT/pom.xml" \
      "$ROOT/montage-core/src/main" "$ROOT/montage-ffmpeg/src/main" -newer "$JAR" -print -quit)" ]; }; then
    return
  fi
  log "building $JAR"
  (cd "$ROOT" && mvn -B -q package -pl benchmarks -am -DskipTests)
}

# --- media -----------------------------------------------------------------------------------

# gen_sources NAME WxH COUNT SECONDS PRESET [CHANNELS RATE [VIDEO_ARGS]]: COUNT sources of SECONDS
# each, 30 fps, a keyframe every 2 s exactly (so that 2 s cuts are copy-compatible), AAC with a
# distinct tone, stereo 48 kHz unless CHANNELS and RATE say otherwise; H.264 (libx264 at PRESET)
# unless VIDEO_ARGS gives the encoder arguments.
gen_sources() {
  local name=$1 size=$2 count=$3 seconds=$4 preset=$5 channels=${6:-2} rate=${7:-48000} i
  local video_args=${8:-"-c:v libx264 -preset $preset -g 60 -keyint_min 60 -sc_threshold 0"}
  local dir=$MEDIA/$name args
  read -r -a args <<< "$video_args"
  mkdir -p "$dir"
  for ((i = 0; i < count; i++)); do
    local file=$dir/src$i.mp4
    [ -s "$file" ] && continue
    log "generating $file ($size, ${seconds}s, $video_args)"
    nice -n 19 ffmpeg -nostdin -hide_banner -loglevel error -y \
      -f lavfi -i "testsrc2=size=$size:rate=$FPS" \
      -f lavfi -i "sine=frequency=$((220 + 110 * i)):sample_rate=$rate" \
      -t "$seconds" -vf "hue=h=$((i * 36))" "${args[@]}" -pix_fmt yuv420p \
      -c:a aac -b:a 192k -ac "$channels" -ar "$rate" -movflags +faststart "$dir/.tmp-src$i.mp4"
    mv "$dir/.tmp-src$i.mp4" "$file"
  done
}

media_1080p() { gen_sources 1080p 1920x1080 10 20 veryfast; }

# gen_hevc_sources NAME WxH COUNT SECONDS: HEVC sources as phones write them: x265 Main, closed
# GOPs with an IDR picture every 2 s exactly, an hvc1 track, stereo 48 kHz AAC with a distinct tone.
gen_hevc_sources() {
  gen_sources "$1" "$2" "$3" "$4" veryfast 2 48000 \
    "-c:v libx265 -preset veryfast -x265-params keyint=60:min-keyint=60:open-gop=0:scenecut=0:log-level=error -tag:v hvc1"
}

media_resolution() { media_1080p; gen_sources 720p 1280x720 5 6 veryfast; gen_sources 2160p 3840x2160 5 6 ultrafast; }
media_8k() { gen_sources 4320p 7680x4320 2 3 ultrafast; }
media() { media_1080p; media_resolution; media_8k; }

# make_list FILE SOURCE_DIR SOURCES SOURCE_SECONDS CLIPS CLIP_SECONDS ALIGNED
# Clip i comes from source i mod SOURCES. Unaligned in points step by 3.7 s (mod the usable range,
# so they fall between keyframes); aligned ones are multiples of 2 s (keyframes) for the copy path.
make_list() {
  mkdir -p "$(dirname "$1")" "$OUT/work" "$OUT/logs" "$OUT/out"
  awk -v dir="$2" -v nsrc="$3" -v srcsecs="$4" -v n="$5" -v len="$6" -v aligned="$7" 'BEGIN {
    for (i = 0; i < n; i++) {
      if (aligned) {
        slots = int((srcsecs - len) / 2) + 1
        t = ((i * 7) % slots) * 2
      } else {
        range = srcsecs - len - 0.5
        t = i * 3.7; t = t - int(t / range) * range; t = int(t * 10 + 0.5) / 10
      }
      printf "%s/src%d.mp4 %.3f %.3f\n", dir, i % nsrc, t, t + len
    }
  }' > "$1"
}

# --- the tools -------------------------------------------------------------------------------

# montage_cmd LIST OUTPUT WxH XMX [RUNNER OPTIONS...]
montage_cmd() {
  local opts
  read -r -a opts <<< "$MONTAGE_JAVA_OPTS"
  printf '%q ' java -Xmx"$4" "${opts[@]}" -cp "$JAR" dev.montage.benchmarks.WholeJob \
    --clips "$1" --output "$2" --size "$3" --fps "$FPS" --preset veryfast --crf 23 --temp "$OUT/tmp" "${@:5}"
}

# ffmpeg_script LIST WxH SCRIPT ARGS: writes the filter graph to SCRIPT and the input arguments
# (-ss IN -t LEN -i SRC per clip, one per line) to ARGS.
ffmpeg_script() {
  local w=${2%x*} h=${2#*x}
  awk -v w="$w" -v h="$h" -v fps="$FPS" -v args="$4" '{
    n = NF; inp = $(n - 1); outp = $n; path = $1; for (k = 2; k <= n - 2; k++) path = path " " $k
    printf "-ss\n%.3f\n-t\n%.3f\n-i\n%s\n", inp, outp - inp, path > args
    printf "[%d:v]scale=%d:%d:force_original_aspect_ratio=decrease,pad=%d:%d:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=%d[v%d];[%d:a]aresample=48000[a%d];\n", i, w, h, w, h, fps, i, i, i
    pads = pads sprintf("[v%d][a%d]", i, i); i++
  } END { printf "%sconcat=n=%d:v=1:a=1[v][a]\n", pads, i }' "$1" > "$3"
}

ffmpeg_cmd() { # LIST OUTPUT WxH
  local script=$OUT/work/$(basename "$1" .txt).ffmpeg-graph.txt args=$OUT/work/$(basename "$1" .txt).ffmpeg-inputs.txt
  ffmpeg_script "$1" "$3" "$script" "$args"
  local inputs
  mapfile -t inputs < "$args"
  printf '%q ' ffmpeg -nostdin -hide_banner -loglevel error -y "${inputs[@]}" \
    -filter_complex_script "$script" -map '[v]' -map '[a]' \
    -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -c:a aac -b:a 192k "$2"
}

melt_profile() { # WxH -> profile name or file
  if [ "$1" = 1920x1080 ]; then echo atsc_1080p_30; return; fi
  local w=${1%x*} h=${1#*x} file=$OUT/work/profile-$1
  printf 'description=%s %sfps\nframe_rate_num=%s\nframe_rate_den=1\nwidth=%s\nheight=%s\nprogressive=1\nsample_aspect_num=1\nsample_aspect_den=1\ndisplay_aspect_num=%s\ndisplay_aspect_den=%s\ncolorspace=709\n' \
    "$1" "$FPS" "$FPS" "$w" "$h" "$w" "$h" > "$file"
  echo "$file"
}

melt_cmd() { # LIST OUTPUT WxH
  local producers
  producers=$(awk -v fps="$FPS" '{
    n = NF; inp = $(n - 1); outp = $n; path = $1; for (k = 2; k <= n - 2; k++) path = path " " $k
    first = int(inp * fps + 0.5); frames = int((outp - inp) * fps + 0.5)
    printf "%s\nin=%d\nout=%d\n", path, first, first + frames - 1
  }' "$1")
  local args
  mapfile -t args <<< "$producers"
  printf '%q ' melt -quiet -profile "$(melt_profile "$3")" "${args[@]}" \
    -consumer "avformat:$2" vcodec=libx264 preset=veryfast crf=23 pix_fmt=yuv420p \
    acodec=aac ab=192k ar=48000 channels=2
}

# editly_cmd LIST OUTPUT WxH: writes an editly spec (JSON5) next to the list and prints the command.
# One clip per line of LIST, each a single video layer with cutFrom/cutTo, no transitions (editly's
# default is a random 0.5 s GL transition between clips), resizeMode contain (its default,
# contain-blur, adds a blurred background); the source audio is kept. customOutputArgs replaces
# editly's encoder arguments (libx264 medium CRF 18, AAC 128k) with the other tools' settings.
# editly decodes each clip with its own ffmpeg process into raw RGBA, composes the frames in Node
# (canvas/fabric, GL) and pipes RGBA into one more ffmpeg for the encode; the audio of every clip
# is extracted to FLAC and concatenated first. Runs under xvfb-run (headless gl needs a display):
# starting Xvfb is part of the measured time (0.35 s for `xvfb-run true` here).
editly_cmd() {
  local spec=$OUT/work/$(basename "$1" .txt).editly.json5 w=${3%x*} h=${3#*x}
  awk -v out="$2" -v w="$w" -v h="$h" -v fps="$FPS" '
    function q(v) { gsub(/\\/, "\\\\", v); gsub(/"/, "\\\"", v); return "\"" v "\"" }
    BEGIN {
      printf "{\n  outPath: %s, width: %d, height: %d, fps: %d, keepSourceAudio: true,\n", q(out), w, h, fps
      printf "  defaults: { transition: null, layer: { resizeMode: \"contain\" } },\n"
      printf "  customOutputArgs: [\"-c:a\", \"aac\", \"-b:a\", \"192k\", \"-vf\", \"format=yuv420p\", \"-c:v\", \"libx264\", \"-preset:v\", \"veryfast\", \"-crf\", \"23\"],\n"
      printf "  clips: [\n"
    }
    {
      n = NF; path = $1; for (k = 2; k <= n - 2; k++) path = path " " $k
      printf "    { layers: [{ type: \"video\", path: %s, cutFrom: %.3f, cutTo: %.3f }] },\n", q(path), $(n - 1), $n
    }
    END { printf "  ],\n}\n" }' "$1" > "$spec"
  printf '%q ' xvfb-run -a -s '-ac -screen 0 1280x1024x24' "$EDITLY_BIN" --json "$spec"
}

copy_cmd() { # LIST OUTPUT
  local list=$OUT/work/$(basename "$1" .txt).concat.txt
  awk '{
    n = NF; path = $1; for (k = 2; k <= n - 2; k++) path = path " " $k
    gsub(/\047/, "\047\\\047\047", path)
    printf "file \047%s\047\ninpoint %.3f\noutpoint %.3f\n", path, $(n - 1), $n
  }' "$1" > "$list"
  printf '%q ' ffmpeg -nostdin -hide_banner -loglevel error -y -f concat -safe 0 -i "$list" -c copy "$2"
}

# --- measuring -------------------------------------------------------------------------------

TSV_HEADER='scenario\ttool\tround\tclips\tsize\twall_s\tmax_rss_kb\texit\tmode\trender_wall_s\theap_peak_mb\tout_frames\tout_seconds\ttemp_left\tload1\txmx\tsegments\tnote'

# measure SCENARIO TOOL ROUND CLIPS SIZE OUTPUT RSS_CAP_KB COMMAND: runs COMMAND (a shell-quoted
# string) under GNU time and appends one row to $OUT/SCENARIO.tsv. With RSS_CAP_KB > 0, a watchdog
# kills the command once its resident memory passes the cap (ffmpeg with 1000 inputs can otherwise
# take the whole machine).
measure() {
  local scen=$1 tool=$2 round=$3 clips=$4 size=$5 output=$6 cap=$7 cmd=$8
  local xmx
  xmx=$(grep -o -- '-Xmx[^ ]*' <<< "$cmd" | head -n 1 || true)
  local base=$OUT/logs/$scen-$tool-$size-$clips-r$round${xmx:+-${xmx#-}}
  echo "$cmd" > "$base.cmd"
  rm -f "$output" "$base.killed"
  rm -rf "$OUT/tmp"; mkdir -p "$OUT/tmp"
  local load1
  load1=$(cut -d' ' -f1 /proc/loadavg)
  log "$scen: $tool round $round ($clips clips, $size)"
  /usr/bin/time -f '%e %M %x' -o "$base.time" bash -c "exec $cmd" > "$base.log" 2>&1 &
  local timer=$! watchdog=
  if [ "$cap" -gt 0 ]; then
    watch_rss "$timer" "$cap" "$base.killed" &
    watchdog=$!
  fi
  wait "$timer" || true
  [ -n "$watchdog" ] && { kill "$watchdog" 2>/dev/null || true; wait "$watchdog" 2>/dev/null || true; }
  local wall rss code
  read -r wall rss code < <(tail -n 1 "$base.time")
  local mode=- render=- heap=- segments=- note=- oom
  if [[ $tool == montage* ]]; then
    local line
    line=$(grep '^montage ' "$base.log" | tail -n 1 || true)
    mode=$(field "$line" mode); render=$(field "$line" render_wall_s); heap=$(field "$line" heap_peak_mb)
    oom=$(grep -o 'OutOfMemoryError.*' "$base.log" | tail -n 1 | cut -c1-160 || true)
    [ -n "$oom" ] && note=$oom
    segments=$(field "$line" segments)
    mode=${mode:--} render=${render:--} heap=${heap:--} segments=${segments:--}
  fi
  [ -f "$base.killed" ] && { note=$(cat "$base.killed"); code=137; }
  [ "$code" != 0 ] && [ "$note" = - ] && note=$(grep -m1 -iE 'error|exception|killed|cannot' "$base.log" | tr '\t' ' ' | cut -c1-120 || true)
  [ -n "$note" ] || note="exit $code"
  local frames=- seconds=-
  if [ -s "$output" ]; then
    frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$output" || echo -)
    seconds=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$output" || echo -)
  fi
  local left
  left=$(find "$OUT/tmp" -mindepth 1 | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scen" "$tool" "$round" "$clips" "$size" \
    "$wall" "$rss" "$code" "$mode" "$render" "$heap" "$frames" "$seconds" "$left" "$load1" "${xmx:--}" "$segments" "$note" >> "$OUT/$scen.tsv"
  log "  wall ${wall}s, peak RSS $((rss / 1024)) MB, exit $code, frames $frames, mode $mode, render ${render}s, load before $load1"
}

# watch_rss TIMER_PID CAP_KB MARKER: kills the child of TIMER_PID (the measured command) when its
# VmRSS exceeds CAP_KB, and says so in MARKER.
watch_rss() {
  local child rss
  while kill -0 "$1" 2>/dev/null; do
    child=$(pgrep -P "$1" | head -n 1 || true)
    if [ -n "$child" ]; then
      rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$child/status" 2>/dev/null || echo 0)
      if [ "${rss:-0}" -gt "$2" ]; then
        echo "killed by the harness: RSS passed the cap of $(($2 / 1024)) MB" > "$3"
        kill -9 "$child" 2>/dev/null || true
        return
      fi
    fi
    sleep 0.5
  done
}

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< "$1"; }

start_scenario() {
  mkdir -p "$OUT/logs" "$OUT/work" "$OUT/out"
  printf "$TSV_HEADER\n" > "$OUT/$1.tsv"
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(montage_version)" > "$OUT/$1.meta"
}

montage_version() {
  echo "montage $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$ROOT" \
    && git diff --quiet HEAD -- montage-core montage-ffmpeg 2>/dev/null || echo ' + uncommitted changes'),\
 benchmarks.jar built $(date -u -r "$JAR" '+%H:%M UTC' 2>/dev/null || echo '-')"
}

WARMED=0
warm_up() { # LIST
  # Renders 0.5 s of the list's first clip, unmeasured: unpacks the FFmpeg natives into
  # ~/.javacpp/cache (once per machine) and brings the JVM and the sources into the page cache.
  [ "$WARMED" = 1 ] && return
  local list=$OUT/work/warmup.txt
  head -n 1 "$1" | awk '{ $NF = sprintf("%.3f", $(NF - 1) + 0.5); print }' > "$list"
  log "warm-up render (not measured)"
  eval "$(montage_cmd "$list" "$OUT/out/warmup.mp4" 640x360 256m)" > "$OUT/logs/warmup.log" 2>&1 \
    || die "warm-up render failed: see $OUT/logs/warmup.log"
  WARMED=1
}

# --- scenarios -------------------------------------------------------------------------------

# The job of JAVACV-NOTES: CLIPS x CLIP_SECONDS from 10 1080p30 sources to 1080p30, libx264
# veryfast CRF 23 + AAC; Montage, ffmpeg, melt (and editly with EDITLY=1) alternating for ROUNDS
# rounds. Montage runs with --stream-copy false: this scenario measures re-encoding, whatever the
# sources would allow.
reencode() {
  local size=${SIZE:-1920x1080} src=${SRC_SET:-1080p} scen=${1:-reencode}
  local list=$OUT/work/$scen.txt
  make_list "$list" "$MEDIA/$src" 10 20 "$CLIPS" "$CLIP_SECONDS" 0
  start_scenario "$scen"; warm_up "$list"
  local r
  for ((r = 1; r <= ROUNDS; r++)); do
    measure "$scen" montage "$r" "$CLIPS" "$size" "$OUT/out/$scen-montage.mp4" 0 \
      "$(montage_cmd "$list" "$OUT/out/$scen-montage.mp4" "$size" 256m --stream-copy false)"
    measure "$scen" ffmpeg "$r" "$CLIPS" "$size" "$OUT/out/$scen-ffmpeg.mp4" 0 \
      "$(ffmpeg_cmd "$list" "$OUT/out/$scen-ffmpeg.mp4" "$size")"
    measure "$scen" melt "$r" "$CLIPS" "$size" "$OUT/out/$scen-melt.mp4" 0 \
      "$(melt_cmd "$list" "$OUT/out/$scen-melt.mp4" "$size")"
    if [ "$EDITLY" = 1 ]; then
      measure "$scen" editly "$r" "$CLIPS" "$size" "$OUT/out/$scen-editly.mp4" 0 \
        "$(editly_cmd "$list" "$OUT/out/$scen-editly.mp4" "$size")"
    fi
  done
}

# The floor of the re-encode job on this machine: what the work every tool must do costs on its own,
# next to Montage's, ffmpeg's and melt's whole jobs (alternating, ROUNDS rounds). ffmpeg decodes the job's
# 900 frames once into raw video (unmeasured); then, ROUNDS times each, x264 alone encodes them with
# the job's settings on one thread (its CPU time is the same spread over any number of cores), the AAC
# encoder alone encodes the job's audio, and one source is decoded whole on one thread (the cost of a
# frame, so the cost of decoding the delivered frames alone, as if no in point needed pre-roll). Every
# row of $OUT/floor.txt: step, round, wall s, user s, sys s. The summary (floor.summary.txt) divides
# the sum of those CPU times by the core count: no tool can render the job faster than that.
floor() {
  local size=${SIZE:-1920x1080} src=${SRC_SET:-1080p}
  local list=$OUT/work/floor.txt raw=$OUT/work/floor-frames.yuv pcm=$OUT/work/floor-audio.wav rows=$OUT/floor.txt
  make_list "$list" "$MEDIA/$src" 10 20 "$CLIPS" "$CLIP_SECONDS" 0
  warm_up "$list"
  local montage ffmpeg script=$OUT/work/floor.ffmpeg-graph.txt args=$OUT/work/floor.ffmpeg-inputs.txt inputs
  montage=$(montage_cmd "$list" "$OUT/out/floor-montage.mp4" "$size" 256m --stream-copy false)
  ffmpeg=$(ffmpeg_cmd "$list" "$OUT/out/floor-ffmpeg.mp4" "$size")
  mapfile -t inputs < "$args"
  log "floor: decoding the job's frames and audio once (not measured)"
  ffmpeg -nostdin -hide_banner -loglevel error -y "${inputs[@]}" -filter_complex_script "$script" \
    -map '[v]' -f rawvideo -pix_fmt yuv420p "$raw" -map '[a]' -c:a pcm_s16le -f wav "$pcm"
  local frames=$(( $(stat -c %s "$raw") / (${size%x*} * ${size#*x} * 3 / 2) ))
  printf 'step\tround\twall_s\tuser_s\tsys_s\n' > "$rows"
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(montage_version), $size, $frames frames, $(nproc) cores" > "$OUT/floor.meta"
  local r
  for ((r = 1; r <= ROUNDS; r++)); do
    cpu_row "$rows" montage "$r" "$montage"
    cpu_row "$rows" ffmpeg "$r" "$ffmpeg"
    cpu_row "$rows" melt "$r" "$(melt_cmd "$list" "$OUT/out/floor-melt.mp4" "$size")"
    cpu_row "$rows" x264-alone "$r" "$(printf '%q ' ffmpeg -nostdin -hide_banner -loglevel error -y -f rawvideo \
      -pix_fmt yuv420p -s "$size" -r "$FPS" -i "$raw" -c:v libx264 -preset veryfast -crf 23 -threads 1 \
      -f mp4 "$OUT/out/floor-x264.mp4")"
    cpu_row "$rows" aac-alone "$r" "$(printf '%q ' ffmpeg -nostdin -hide_banner -loglevel error -y -i "$pcm" \
      -c:a aac -b:a 192k "$OUT/out/floor-aac.m4a")"
    cpu_row "$rows" decode-source0 "$r" "$(printf '%q ' ffmpeg -nostdin -hide_banner -loglevel error -threads 1 \
      -i "$MEDIA/$src/src0.mp4" -map 0:v -f null -)"
  done
  rm -f "$raw" "$pcm"
  local source_frames
  source_frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets \
    -of csv=p=0 "$MEDIA/$src/src0.mp4")
  # Frames from the keyframe before each in point to it (the sources have a keyframe every 2 s): a
  # frame-exact cut decodes them and shows none.
  local preroll
  preroll=$(awk -v fps="$FPS" '{ t = $(NF - 1); p += (t - int(t / 2) * 2) * fps } END { printf "%d", p + 0.5 }' "$list")
  python3 - "$rows" "$frames" "$source_frames" "$(nproc)" "$preroll" > "$OUT/floor.summary.txt" <<'PY'
import statistics, sys
rows, frames, source_frames, cores, preroll = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
by = {}
for line in open(rows).read().splitlines()[1:]:
    step, _, wall, user, sys_ = line.split("\t")
    by.setdefault(step, []).append((float(wall), float(user) + float(sys_)))
wall = {k: statistics.median(w for w, _ in v) for k, v in by.items()}
cpu = {k: statistics.median(c for _, c in v) for k, v in by.items()}
decode = cpu["decode-source0"] / source_frames * frames
floor_cpu = cpu["x264-alone"] + cpu["aac-alone"] + decode
print(f"medians of {len(by['montage'])} rounds, {cores} cores, {frames} frames")
for k in ("montage", "ffmpeg", "melt", "x264-alone", "aac-alone", "decode-source0"):
    print(f"{k:15s} wall {wall[k]:7.2f} s  cpu {cpu[k]:7.2f} s")
print(f"decoding the {frames} delivered frames alone (no pre-roll): {decode:.2f} s cpu")
print(f"floor: ({cpu['x264-alone']:.2f} + {cpu['aac-alone']:.2f} + {decode:.2f}) s cpu / {cores} cores = "
      f"{floor_cpu / cores:.2f} s wall = {floor_cpu / cores / wall['ffmpeg']:.2f}x ffmpeg's {wall['ffmpeg']:.2f} s, "
      f"{floor_cpu / cores / wall['melt']:.2f}x melt's {wall['melt']:.2f} s")
per_frame = cpu["decode-source0"] / source_frames
with_preroll = (floor_cpu + preroll * per_frame) / cores
print(f"with the {preroll} frames before the in points decoded too: {with_preroll:.2f} s wall = "
      f"{with_preroll / wall['ffmpeg']:.2f}x ffmpeg's, {with_preroll / wall['melt']:.2f}x melt's")
print(f"montage / ffmpeg: wall {wall['montage'] / wall['ffmpeg']:.2f}x, cpu {cpu['montage'] / cpu['ffmpeg']:.2f}x; "
      f"montage / melt: wall {wall['montage'] / wall['melt']:.2f}x")
PY
  cat "$OUT/floor.summary.txt"
}

# cpu_row ROWS STEP ROUND CMD: runs CMD under GNU time and appends its wall, user and sys seconds.
cpu_row() {
  local time=$OUT/logs/floor-$2-r$3.time
  echo "$4" > "${time%.time}.cmd"
  rm -rf "$OUT/tmp"; mkdir -p "$OUT/tmp"
  log "floor: $2 round $3"
  /usr/bin/time -f '%e %U %S' -o "$time" bash -c "exec $4" > "${time%.time}.log" 2>&1 \
    || die "floor: $2 failed: see ${time%.time}.log"
  printf '%s\t%s\t%s\n' "$2" "$3" "$(tail -n 1 "$time" | tr ' ' '\t')" >> "$1"
}

# The composition job of the composition issue: a 2 s title card, CLIPS x CLIP_SECONDS clips from the
# 1080p sources with a 0.5 s crossfade at every boundary (the title's included), a lower third from
# 3 s to 6 s, and a music track (a 220 Hz tone, AAC) ducked by 12 dB under the clips' sound;
# libx264 veryfast CRF 23 + AAC. melt renders the same job from an MLT XML file that melt itself
# writes from the equivalent command line (compose_mlt): pango title and caption, luma/mix
# crossfades, a composite transition for the caption, a volume filter keyframed for the ducking.
compose() {
  local size=${SIZE:-1920x1080} src=${SRC_SET:-1080p} scen=${1:-compose}
  local list=$OUT/work/$scen.txt music=$MEDIA/music-220hz.m4a xml=$OUT/work/$scen.mlt
  make_list "$list" "$MEDIA/$src" 10 20 "$CLIPS" "$CLIP_SECONDS" 0
  [ -s "$music" ] || nice -n 19 ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi \
    -i "sine=frequency=220:sample_rate=48000:duration=90" -c:a aac -b:a 128k "$music"
  compose_mlt "$list" "$xml" "$size" "$music"
  start_scenario "$scen"; warm_up "$list"
  local r
  for ((r = 1; r <= ROUNDS; r++)); do
    measure "$scen" montage "$r" "$CLIPS" "$size" "$OUT/out/$scen-montage.mp4" 0 \
      "$(montage_cmd "$list" "$OUT/out/$scen-montage.mp4" "$size" 256m --stream-copy false --title Montage \
        --crossfade 0.5 --lower-third 'Lisbon, July' --music "$music")"
    measure "$scen" melt "$r" "$CLIPS" "$size" "$OUT/out/$scen-melt.mp4" 0 \
      "$(printf '%q ' melt -quiet "$xml" -consumer "avformat:$OUT/out/$scen-melt.mp4" vcodec=libx264 \
        preset=veryfast crf=23 pix_fmt=yuv420p acodec=aac ab=192k ar=48000 channels=2)"
  done
}

# compose_mlt LIST XML WxH MUSIC: the composition job as MLT XML, written by melt's xml consumer.
compose_mlt() {
  local h=${3#*x} mix=$((FPS / 2))
  local clips
  clips=$(awk -v fps="$FPS" -v mix="$mix" '{
    n = NF; inp = $(n - 1); outp = $n; path = $1; for (k = 2; k <= n - 2; k++) path = path " " $k
    first = int(inp * fps + 0.5); frames = int((outp - inp) * fps + 0.5)
    printf "%s\nin=%d\nout=%d\n-mix\n%d\n-mixer\nluma\n-mixer\nmix:-1\n", path, first, first + frames - 1, mix
  }' "$1")
  local args
  mapfile -t args <<< "$clips"
  # The title lasts 2 s; each boundary overlaps 0.5 s; the clips' sound starts with the first mix.
  local total=$(( 2 * FPS + $(awk -v fps="$FPS" '{ s += int(($NF - $(NF - 1)) * fps + 0.5) } END { print s }' "$1") \
    - $(wc -l < "$1") * mix ))
  local duck=$(( 2 * FPS - mix )) attack=$(( FPS * 15 / 100 ))
  melt -quiet -profile "$(melt_profile "$3")" \
    -track "pango:" text=Montage fgcolour=0xffffffff bgcolour=0x000000ff size=$((h / 10)) out=$((2 * FPS - 1)) \
      -mix "$mix" -mixer luma -mixer mix:-1 "${args[@]}" \
    -track -blank $((3 * FPS - 1)) "pango:" "text=Lisbon, July" fgcolour=0xffffffff bgcolour=0x00000099 \
      size=$((h * 6 / 100)) out=$((3 * FPS - 1)) \
    -transition composite a_track=0 b_track=1 in=$((3 * FPS)) out=$((6 * FPS - 1)) "geometry=0%/63%:100%x12%" halign=centre \
    -track "$4" in=0 out=$((total - 1)) -attach-track volume "level=0=0;$((duck - attack))=0;$duck=-12;$((total - 1))=-12" \
    -transition mix a_track=0 b_track=2 always_active=1 sum=1 \
    -consumer "xml:$2" > "$OUT/logs/compose-mlt.log" 2>&1 || die "melt could not write $2: see $OUT/logs/compose-mlt.log"
}

# Copy-compatible inputs: COPY_CLIPS (CLIPS) cuts of 2 s on keyframes, same codec, size and rate as
# the output. `copy_both` runs it at CLIPS and at COPY_LARGE (200) clips: a copy of 20 clips takes
# ffmpeg 0.2 s, less than a JVM needs to start and load FFmpeg, so the larger job shows the rate.
copy() {
  local size=${SIZE:-1920x1080} src=${SRC_SET:-1080p} scen=${1:-copy} n=${COPY_CLIPS:-$CLIPS}
  local list=$OUT/work/$scen.txt
  make_list "$list" "$MEDIA/$src" 10 20 "$n" 2 1
  start_scenario "$scen"; warm_up "$list"
  local r
  for ((r = 1; r <= ROUNDS; r++)); do
    measure "$scen" montage "$r" "$n" "$size" "$OUT/out/$scen-montage.mp4" 0 \
      "$(montage_cmd "$list" "$OUT/out/$scen-montage.mp4" "$size" 256m)"
    measure "$scen" ffmpeg-copy "$r" "$n" "$size" "$OUT/out/$scen-ffmpeg-copy.mp4" 0 \
      "$(copy_cmd "$list" "$OUT/out/$scen-ffmpeg-copy.mp4")"
  done
}

copy_both() { copy; COPY_CLIPS=${COPY_LARGE:-200} copy "copy-${COPY_LARGE:-200}"; }

# The copy job (COPY_LARGE, 200 x 2 s keyframe cuts) on 720p30 sources whose AAC is mono 48 kHz,
# stereo 44.1 kHz or stereo 48 kHz: Montage copies the audio in each (the output takes the sources'
# format), ffmpeg's concat demuxer copies too. out_frames shows every frame present once (12000) or
# not (ffmpeg's copy starts each clip at the keyframe before its in point and ends it at the packet
# after its out point).
copy_audio() {
  local variant name channels rate
  for variant in mono-48k:1:48000 stereo-44k:2:44100 stereo-48k:2:48000; do
    IFS=: read -r name channels rate <<< "$variant"
    gen_sources "720p-$name" 1280x720 10 20 veryfast "$channels" "$rate"
    SIZE=1280x720 SRC_SET="720p-$name" COPY_CLIPS=${COPY_LARGE:-200} copy "copy-audio-$name"
  done
}

# The copy job (COPY_LARGE, 200 x 2 s keyframe cuts) alternating between two sets of 720p30 sources
# from differently set encoders: x264 veryfast (the copy-audio stereo-48k set) and x264 slow (more
# reference frames, other parameter sets under the same ids). Montage copies both into one stream
# (every parameter set in the avcC, the second set's slices renumbered); ffmpeg's concat demuxer
# copies too but keeps only the first file's parameter sets. After the rounds each output is decoded
# once with ffmpeg and its decode errors counted into $OUT/copy-encoders.decode.txt.
copy_encoders() {
  local size=1280x720 scen=copy-encoders n=${COPY_LARGE:-200} r tool
  gen_sources 720p-stereo-48k 1280x720 10 20 veryfast 2 48000
  gen_sources 720p-x264-slow 1280x720 10 20 slow 2 48000
  local list=$OUT/work/$scen.txt
  make_list "$OUT/work/$scen-a.txt" "$MEDIA/720p-stereo-48k" 10 20 "$n" 2 1
  make_list "$OUT/work/$scen-b.txt" "$MEDIA/720p-x264-slow" 10 20 "$n" 2 1
  paste -d'\n' "$OUT/work/$scen-a.txt" "$OUT/work/$scen-b.txt" | awk 'NR % 4 == 1 || NR % 4 == 0' > "$list"
  start_scenario "$scen"; warm_up "$list"
  for ((r = 1; r <= ROUNDS; r++)); do
    measure "$scen" montage "$r" "$n" "$size" "$OUT/out/$scen-montage.mp4" 0 \
      "$(montage_cmd "$list" "$OUT/out/$scen-montage.mp4" "$size" 256m)"
    measure "$scen" ffmpeg-copy "$r" "$n" "$size" "$OUT/out/$scen-ffmpeg-copy.mp4" 0 \
      "$(copy_cmd "$list" "$OUT/out/$scen-ffmpeg-copy.mp4")"
  done
  : > "$OUT/$scen.decode.txt"
  for tool in montage ffmpeg-copy; do
    echo "$tool: $(ffmpeg -nostdin -v error -i "$OUT/out/$scen-$tool.mp4" -f null - 2>&1 | wc -l) decode error lines" \
      >> "$OUT/$scen.decode.txt"
  done
  log "$(tr '\n' ';' < "$OUT/$scen.decode.txt")"
}

# Smart cut: SMART_CLIPS (10) clips of SMART_CLIP_SECONDS (6 s) from the same 1080p sources, in
# points between keyframes, output = sources' format. Montage smart-cuts (GOPs copied, frames from
# each cut to the nearest keyframe inside the clip encoded); montage-reencode is the same job with
# --stream-copy false; ffmpeg re-encodes (frame-exact, the same job); ffmpeg-copy is
# `-f concat -c copy`, which is not frame-exact off keyframes (its frame count shows by how much).
smartcut() {
  local size=${SIZE:-1920x1080} src=${SRC_SET:-1080p} scen=${1:-smartcut} n=${SMART_CLIPS:-10}
  local list=$OUT/work/$scen.txt
  make_list "$list" "$MEDIA/$src" 10 20 "$n" "${SMART_CLIP_SECONDS:-6}" 0
  start_scenario "$scen"; warm_up "$list"
  local r
  for ((r = 1; r <= ROUNDS; r++)); do
    measure "$scen" montage "$r" "$n" "$size" "$OUT/out/$scen-montage.mp4" 0 \
      "$(montage_cmd "$list" "$OUT/out/$scen-montage.mp4" "$size" 256m)"
    measure "$scen" montage-reencode "$r" "$n" "$size" "$OUT/out/$scen-montage-reencode.mp4" 0 \
      "$(montage_cmd "$list" "$OUT/out/$scen-montage-reencode.mp4" "$size" 256m --stream-copy false)"
    measure "$scen" ffmpeg "$r" "$n" "$size" "$OUT/out/$scen-ffmpeg.mp4" 0 \
      "$(ffmpeg_cmd "$list" "$OUT/out/$scen-ffmpeg.mp4" "$size")"
    measure "$scen" ffmpeg-copy "$r" "$n" "$size" "$OUT/out/$scen-ffmpeg-copy.mp4" 0 \
      "$(copy_cmd "$list" "$OUT/out/$scen-ffmpeg-copy.mp4")"
  done
}

# HEVC smart cut: SMART_CLIPS (10) clips of SMART_CLIP_SECONDS (6 s) cut between IDR pictures of
# 1080p HEVC sources (5 x 12 s, see gen_hevc_sources), output HEVC. Montage smart-cuts (x265 pieces,
# GOPs copied); montage-reencode is the same job with --stream-copy false (everything through x265).
# After the rounds the smart cut's output is compared with the sources' exact frames (ffmpeg's psnr
# filter against the same cuts decoded from the sources): frames with infinite PSNR are copied ones,
# the others are the encoded pieces, whose mean and minimum PSNR go to $OUT/hevc-smartcut.quality.txt.
hevc_smartcut() {
  local size=1920x1080 scen=hevc-smartcut n=${SMART_CLIPS:-10} r
  gen_hevc_sources 1080p-hevc 1920x1080 5 12
  local list=$OUT/work/$scen.txt
  make_list "$list" "$MEDIA/1080p-hevc" 5 12 "$n" "${SMART_CLIP_SECONDS:-6}" 0
  start_scenario "$scen"; warm_up "$list"
  for ((r = 1; r <= ROUNDS; r++)); do
    measure "$scen" montage "$r" "$n" "$size" "$OUT/out/$scen-montage.mp4" 0 \
      "$(montage_cmd "$list" "$OUT/out/$scen-montage.mp4" "$size" 256m --video-codec hevc)"
    measure "$scen" montage-reencode "$r" "$n" "$size" "$OUT/out/$scen-montage-reencode.mp4" 0 \
      "$(montage_cmd "$list" "$OUT/out/$scen-montage-reencode.mp4" "$size" 256m --video-codec hevc --stream-copy false)"
  done
  : > "$OUT/$scen.quality.txt"
  psnr_against_sources "$list" "$OUT/out/$scen-montage.mp4" "$OUT/$scen.quality.txt" "smart cut"
  psnr_against_sources "$list" "$OUT/out/$scen-montage-reencode.mp4" "$OUT/$scen.quality.txt" "full re-encode"
  log "$(tr '\n' ';' < "$OUT/$scen.quality.txt")"
}

# psnr_against_sources LIST OUTPUT NOTES LABEL: appends to NOTES how OUTPUT's frames compare with
# the frames LIST cuts from the sources (decoded by ffmpeg, frame-exact): how many are identical
# (copied) and the mean and minimum PSNR (dB, luma and chroma averaged) of the others.
psnr_against_sources() {
  local list=$1 output=$2 notes=$3 label=$4 stats
  stats=$OUT/work/$(basename "$output" .mp4).psnr.log
  local graph inputs
  graph=$(awk '{ printf "[%d:v]setpts=PTS-STARTPTS[c%d];", NR, NR - 1; pads = pads sprintf("[c%d]", NR - 1) }
    END { printf "%sconcat=n=%d:v=1:a=0[ref];[0:v][ref]psnr=stats_file=%s", pads, NR, "'"$stats"'" }' "$list")
  mapfile -t inputs < <(awk '{ printf "-ss\n%.3f\n-t\n%.3f\n-i\n%s\n", $2, $3 - $2, $1 }' "$list")
  ffmpeg -nostdin -hide_banner -loglevel error -y -i "$output" "${inputs[@]}" -filter_complex "$graph" -an -f null - \
    || { echo "$label: psnr comparison failed" >> "$notes"; return; }
  awk -v label="$label" '{
      for (i = 1; i <= NF; i++) if ($i ~ /^psnr_avg:/) { v = substr($i, 10) }
      n++
      if (v == "inf") { same++ } else { sum += v; k++; if (min == "" || v + 0 < min) min = v + 0 }
    } END {
      printf "%s: %d frames compared with the sources: %d identical (copied), %d encoded with mean PSNR %.2f dB, minimum %.2f dB\n",
        label, n, same, k, k ? sum / k : 0, k ? min : 0
    }' "$stats" >> "$notes"
}

# Peak RSS against clip count: SCALE_COUNTS clips of SCALE_CLIP_SECONDS from the same 10 1080p
# sources, Montage under -Xmx256m; ffmpeg and melt at the counts in SCALE_PEERS.
scale() {
  local size=${SIZE:-1920x1080} src=${SRC_SET:-1080p} scen=${1:-scale}
  start_scenario "$scen"
  local n r cap=$((PEER_RSS_CAP_GB * 1024 * 1024))
  for n in $SCALE_COUNTS; do
    local list=$OUT/work/$scen-$n.txt
    make_list "$list" "$MEDIA/$src" 10 20 "$n" "$SCALE_CLIP_SECONDS" 0
    warm_up "$list"
    for ((r = 1; r <= SCALE_ROUNDS; r++)); do
      measure "$scen" montage "$r" "$n" "$size" "$OUT/out/$scen-$n-montage.mp4" 0 \
        "$(montage_cmd "$list" "$OUT/out/$scen-$n-montage.mp4" "$size" 256m)"
      if [[ " $SCALE_PEERS " == *" $n "* ]]; then
        measure "$scen" ffmpeg "$r" "$n" "$size" "$OUT/out/$scen-$n-ffmpeg.mp4" "$cap" \
          "$(ffmpeg_cmd "$list" "$OUT/out/$scen-$n-ffmpeg.mp4" "$size")"
        measure "$scen" melt "$r" "$n" "$size" "$OUT/out/$scen-$n-melt.mp4" "$cap" \
          "$(melt_cmd "$list" "$OUT/out/$scen-$n-melt.mp4" "$size")"
      fi
    done
  done
}

# The same clip-count runs with one segment worker (--workers 1) at SCALE_ONE_WORKER_COUNTS
# ("10 100"): separates growth with clip count from growth with the number of segments encoded in
# parallel (a 10-clip job is one segment, so it never uses a second worker).
scale_one_worker() {
  local size=${SIZE:-1920x1080} src=${SRC_SET:-1080p} scen=${1:-scale}-w1 n
  start_scenario "$scen"
  for n in ${SCALE_ONE_WORKER_COUNTS-10 100}; do
    local list=$OUT/work/$scen-$n.txt
    make_list "$list" "$MEDIA/$src" 10 20 "$n" "$SCALE_CLIP_SECONDS" 0
    warm_up "$list"
    measure "$scen" montage-w1 1 "$n" "$size" "$OUT/out/$scen-$n-montage.mp4" 0 \
      "$(montage_cmd "$list" "$OUT/out/$scen-$n-montage.mp4" "$size" 256m --workers 1)"
  done
}

# Peak RSS against resolution: RES_CLIPS clips of 0.4 s from 5 sources of 6 s at 720p, 1080p and
# 4K, in and out at the same size, Montage under -Xmx512m (the 4K point is the 50-clip 4K job);
# a size that fails is run again under RES_RETRY_HEAP (1g; empty: no retry).
resolution() {
  local scen=${1:-resolution}
  start_scenario "$scen"
  local entry
  for entry in 720p:1280x720 1080p:1920x1080 2160p:3840x2160; do
    local set=${entry%%:*} size=${entry#*:}
    local list=$OUT/work/$scen-$set.txt
    make_list "$list" "$MEDIA/$set" 5 6 "$RES_CLIPS" 0.4 0
    warm_up "$list"
    measure "$scen" montage 1 "$RES_CLIPS" "$size" "$OUT/out/$scen-$set-montage.mp4" 0 \
      "$(montage_cmd "$list" "$OUT/out/$scen-$set-montage.mp4" "$size" 512m)"
    # A size that fails under -Xmx512m is tried again with RES_RETRY_HEAP, to see what it needs.
    if [ "$(tail -n 1 "$OUT/$scen.tsv" | cut -f8)" != 0 ] && [ -n "${RES_RETRY_HEAP-1g}" ]; then
      measure "$scen" montage 1 "$RES_CLIPS" "$size" "$OUT/out/$scen-$set-montage.mp4" 0 \
        "$(montage_cmd "$list" "$OUT/out/$scen-$set-montage.mp4" "$size" "${RES_RETRY_HEAP-1g}")"
    fi
  done
}

# A small 8K job: 4 clips of 0.5 s from 2 8K sources, Montage under each heap of EIGHT_K_HEAPS.
eight_k() {
  local scen=8k list=$OUT/work/8k.txt heap
  start_scenario "$scen"
  make_list "$list" "$MEDIA/4320p" 2 3 4 0.5 0
  warm_up "$list"
  for heap in ${EIGHT_K_HEAPS:-512m 1g 2g}; do
    measure "$scen" montage 1 4 7680x4320 "$OUT/out/8k-montage.mp4" 0 \
      "$(montage_cmd "$list" "$OUT/out/8k-montage.mp4" 7680x4320 "$heap")"
  done
}

jmh() {
  mkdir -p "$OUT"
  log "JMH: $JMH_ARGS"
  # shellcheck disable=SC2086
  java -jar "$JAR" $JMH_ARGS -rf json -rff "$OUT/jmh.json" | tee "$OUT/logs/jmh.log" | grep -E '^(Benchmark|[a-z].*(avgt|thrpt))' || true
}

machine() {
  mkdir -p "$OUT"
  {
    echo "report made: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available (free -g)"}')"
    echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
    echo "java: $(java -version 2>&1 | head -n 1)"
    echo "ffmpeg: $(ffmpeg -hide_banner -version | head -n 1)"
    echo "melt: $(melt --version 2>&1 | grep -m1 melt)"
    [ "$EDITLY" = 1 ] && echo "editly: $(editly_installed_version) (npm), node $(node --version 2>/dev/null), Xvfb $(dpkg-query -W -f='${Version}' xvfb 2>/dev/null)"
    echo "load average when the report was made: $(cut -d' ' -f1-3 /proc/loadavg)"
  } > "$OUT/machine.txt"
}

# report [merge]: `benchmarks/run.sh report` merges (the scenarios not in $OUT keep their part of the
# results block in docs/benchmarks.md, so one scenario can be rerun alone); `all` rewrites the block.
report() {
  machine
  python3 "$HERE/report.py" --results "$OUT" --docs "$ROOT/docs" ${1:+--merge}
}

quick() {
  OUT=${OUT_DIR:-$HERE/target/bench-quick}
  ROUNDS=1 CLIPS=3 CLIP_SECONDS=1.5
  gen_sources 360p 640x360 10 20 veryfast
  SIZE=640x360 SRC_SET=360p reencode quick-reencode
  SIZE=640x360 SRC_SET=360p copy quick-copy
  SIZE=640x360 SRC_SET=360p SMART_CLIPS=3 smartcut quick-smartcut
  SIZE=640x360 SRC_SET=360p SCALE_COUNTS="10 20" SCALE_PEERS="10" scale quick-scale
  machine
  python3 "$HERE/report.py" --results "$OUT" --docs "$OUT/docs"
}

main() {
  local step=${1:-all}
  case $step in
    setup) setup ;;
    build) build ;;
    media) setup; media ;;
    reencode | smartcut | compose | floor) setup; build; media_1080p; "$step" ;;
    copy) setup; build; media_1080p; copy_both ;;
    copy-audio) setup; build; copy_audio ;;
    copy-encoders) setup; build; copy_encoders ;;
    hevc-smartcut) setup; build; hevc_smartcut ;;
    scale) setup; build; media_1080p; scale; scale_one_worker ;;
    scale-w1) setup; build; media_1080p; scale_one_worker ;;
    resolution) setup; build; media_resolution; resolution ;;
    8k) setup; build; media_8k; eight_k ;;
    jmh) setup; build; jmh ;;
    report) report merge ;;
    quick) setup; build; quick ;;
    all) setup; build; media; machine; reencode; compose; copy_both; copy_audio; copy_encoders; smartcut; hevc_smartcut; scale; scale_one_worker; resolution; eight_k; jmh; report ;;
    *) die "unknown step '$step' (all, quick, setup, build, media, reencode, floor, compose, copy, copy-audio, copy-encoders, smartcut, hevc-smartcut, scale, scale-w1, resolution, 8k, jmh, report)" ;;
  esac
}

# Sourcing the script (for a single function) runs nothing.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
