#!/bin/bash
# Needs the benchmark media (benchmarks/run.sh media) and the CLI jar (mvn -B -q install -DskipTests).
# Copy with isolation vs in process vs isolated re-encode (isolation's only path before), 1080p, 20 x 2 s keyframe cuts.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR=${JAR:-$HERE/../montage-cli/target/montage.jar}
M=${MEDIA_DIR:-$HERE/target/media}/1080p
OUT=${OUT_DIR:-$HERE/target/isolated-copy}; mkdir -p "$OUT" && cd "$OUT"
clips=()
for i in $(seq 0 19); do s=$((i % 10)); a=$(( (i * 2) % 16 )); clips+=("$M/src$s.mp4@$a-$((a + 2))"); done
t() { local s e; s=$(date +%s.%N); "$@" > "$OUT/last.log" 2>&1 || { echo "FAILED: $*" >&2; tail -5 "$OUT/last.log" >&2; }; e=$(date +%s.%N); awk -v a=$s -v b=$e 'BEGIN{printf "%.2f", b-a}'; }
for r in 1 2 3; do
  a=$(t java -jar $JAR render -o copy.mp4 --size 1920x1080 --temp-dir "$OUT" "${clips[@]}")
  b=$(t java -jar $JAR render -o iso.mp4 --size 1920x1080 --isolate --temp-dir "$OUT" "${clips[@]}")
  c=$(t java -jar $JAR render -o isore.mp4 --size 1920x1080 --isolate --no-copy --preset veryfast --temp-dir "$OUT" "${clips[@]}")
  echo "$r copy=$a isolated-copy=$b isolated-reencode=$c"
done
cmp copy.mp4 iso.mp4 && echo "copy and isolated copy: identical bytes"
