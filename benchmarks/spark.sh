#!/usr/bin/env bash
# montage-spark against the local executor on this machine: one clip list rendered in one JVM with
# each, alternating, ROUNDS times (see SparkAgainstLocal). The cluster is Spark's
# local-cluster[2,1,1024]: two executor processes of one core and 1 GiB heap each, on this machine.
#
#   benchmarks/spark.sh                    200 clips x 0.4 s from the ten 1080p sources, 1080p out, 3 rounds
#   CLIPS=50 ROUNDS=1 benchmarks/spark.sh  smaller
#
# Settings (environment): CLIPS (200), CLIP_SECONDS (0.4), ROUNDS (3), SIZE (1920x1080),
# MASTER (local-cluster[2,1,1024]), HEAP (1g, the driver's), plus run.sh's MEDIA_DIR and OUT_DIR.
# Prints one line per render and a summary line: the medians and their ratio (spark / local).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Read before run.sh, which has defaults of its own for these names.
CLIPS=${CLIPS:-200}
CLIP_SECONDS=${CLIP_SECONDS:-0.4}
ROUNDS=${ROUNDS:-3}
# shellcheck source=run.sh
source "$HERE/run.sh"
SIZE=${SIZE:-1920x1080}
MASTER=${MASTER:-local-cluster[2,1,1024]}
HEAP=${HEAP:-1g}
SPARK_OUT=$OUT/spark

command -v ffmpeg >/dev/null || setup
media_1080p
log "building the benchmarks and what they use"
# One reactor build: Montage's own jars come from this tree's target/ folders, never from ~/.m2 (which
# other checkouts on the machine may overwrite). Every module writes the file; benchmarks, last, wins.
(cd "$ROOT" && mvn -B -q package -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -pl benchmarks -am \
  dependency:build-classpath -Dmdep.outputFile="$HERE/target/spark.classpath")
mkdir -p "$SPARK_OUT" "$HERE/target/spark-home/jars"
list=$OUT/work/spark-$CLIPS.txt
make_list "$list" "$MEDIA/1080p" 10 20 "$CLIPS" "$CLIP_SECONDS" 0

log "rendering $CLIPS clips x ${CLIP_SECONDS}s at $SIZE, $ROUNDS rounds, on $MASTER and locally"
SPARK_HOME=$HERE/target/spark-home SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 MALLOC_ARENA_MAX=2 \
  java -Xmx"$HEAP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$HERE/target/classes:$(cat "$HERE/target/spark.classpath")" \
  dev.montage.benchmarks.SparkAgainstLocal "$list" "$SPARK_OUT" "$ROUNDS" "$MASTER" "$SIZE" \
  | tee "$SPARK_OUT/result.txt"
