#!/usr/bin/env python3
"""Turns the TSV files written by benchmarks/run.sh into tables and plots.

Writes RESULTS/summary.md, draws the plots as PNG into DOCS (matplotlib when it imports, else
gnuplot, else hand-written SVG), and replaces the part of DOCS/benchmarks.md between
<!-- results:begin --> and <!-- results:end --> with the tables (creating the file when missing).
Each part of that block starts with a `<!-- part: KEY -->` line; with --merge, parts of the old
block that this run does not produce (scenarios not in RESULTS) are kept as they were, so that one
scenario can be rerun without losing the others. Standard library only.
"""

import argparse
import csv
import json
import math
import re
import shutil
import statistics
import subprocess
from pathlib import Path

BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
# Montage's wall time divided by the peer's: at most this (from the issue).
TARGETS = {("reencode", "ffmpeg"): 1.0, ("reencode", "melt"): 0.7, ("copy", "ffmpeg-copy"): 1.2,
           ("copy-200", "ffmpeg-copy"): 1.2, ("copy-audio-mono-48k", "ffmpeg-copy"): 1.0,
           ("copy-audio-stereo-44k", "ffmpeg-copy"): 1.0, ("copy-audio-stereo-48k", "ffmpeg-copy"): 1.0,
           ("copy-encoders", "ffmpeg-copy"): 1.0, ("hevc-smartcut", "montage-reencode"): 0.35}
RSS_TARGET = 1.25  # peak RSS of the largest clip-count job / that of the smallest
COLORS = {"montage": "#4c72b0", "ffmpeg": "#dd8452", "melt": "#55a868", "ffmpeg-copy": "#c44e52",
          "montage-reencode": "#8172b3", "editly": "#937860"}
OTHER_COLORS = ["#4c72b0", "#c44e52", "#dd8452", "#8172b3", "#55a868", "#937860", "#da8bc3", "#8c8c8c"]


def color(name, i=0):
    return COLORS.get(name.lower().strip(), OTHER_COLORS[i % len(OTHER_COLORS)])


def failed(name):
    return "OutOfMemoryError" in name


def read_rows(results):
    rows = []
    for tsv in sorted(results.glob("*.tsv")):
        with tsv.open(newline="") as f:
            rows.extend(csv.DictReader(f, delimiter="\t"))
    return rows


def num(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def ok(row):
    return row["exit"] == "0"


def mb(kb):
    return kb / 1024


def fmt(value, digits=1):
    return "-" if value is None else f"{value:.{digits}f}"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def spread(values):
    values = [v for v in values if v is not None]
    return f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else "-"


def tool_stats(rows):
    good = [r for r in rows if ok(r)]
    return {
        "runs": len(rows),
        "ok": len(good),
        "wall": median(num(r["wall_s"]) for r in good),
        "wall_spread": spread([num(r["wall_s"]) for r in good]),
        "rss": median(mb(num(r["max_rss_kb"])) for r in good),
        "render": median(num(r["render_wall_s"]) for r in good),
        "heap": median(num(r["heap_peak_mb"]) for r in good),
        "mode": ",".join(sorted({r["mode"] for r in good})) or "-",
        "frames": ",".join(sorted({r["out_frames"] for r in good})) or "-",
        "failures": sorted({r["note"] for r in rows if not ok(r)}),
    }


def round_ratios(rows, a, b):
    """Wall time of tool a / tool b within each round where both succeeded: {round: ratio}."""
    walls = {}
    for r in rows:
        if ok(r) and num(r["wall_s"]):
            walls[(r["tool"], r["round"])] = num(r["wall_s"])
    return {rnd: walls[(a, rnd)] / walls[(b, rnd)] for (tool, rnd) in walls
            if tool == a and (b, rnd) in walls}


def ratio_cell(ratios):
    values = sorted(ratios.values())
    if not values:
        return "-"
    span = f" ({values[0]:.2f}-{values[-1]:.2f})" if len(values) > 1 else ""
    return f"{statistics.median(values):.2f}x{span}"


def meta(results, scenario):
    path = results / f"{scenario}.meta"
    return f" Run {path.read_text().strip()}." if path.exists() else ""


def peer_table(rows, scenario, lines, results):
    rows = [r for r in rows if r["scenario"] == scenario]
    if not rows:
        return {}
    tools = list(dict.fromkeys(r["tool"] for r in rows))
    stats = {t: tool_stats([r for r in rows if r["tool"] == t]) for t in tools}
    first = rows[0]
    loads = [num(r.get("load1")) for r in rows if num(r.get("load1")) is not None]
    load = f" Load average before the runs: {min(loads):.1f}-{max(loads):.1f}." if loads else ""
    lines.append(f"**{scenario}**: {first['clips']} clips, {first['size']}, "
                 f"median of {max(s['ok'] for s in stats.values())} alternating rounds.{meta(results, scenario)}{load}\n")
    lines.append("| tool | runs ok | median wall s (min-max) | median peak RSS MB | Montage render s | mode | output frames |")
    lines.append("|---|---|---|---|---|---|---|")
    for t in tools:
        s = stats[t]
        lines.append(f"| {t} | {s['ok']}/{s['runs']} | {fmt(s['wall'], 2)} ({s['wall_spread']}) | {fmt(s['rss'], 0)} "
                     f"| {fmt(s['render'])} | {s['mode']} | {s['frames']} |")
    lines.append("")
    m = stats.get("montage")
    if m and m["wall"]:
        lines.append("| Montage / peer | wall time ratio (whole process) | target | met | per-round ratio: median (min-max) "
                     "| render-only ratio | peak RSS ratio |")
        lines.append("|---|---|---|---|---|---|---|")
        for t in tools:
            if t == "montage" or not stats[t]["wall"]:
                continue
            ratio = m["wall"] / stats[t]["wall"]
            target = TARGETS.get((scenario, t))
            met = "-" if target is None else ("yes" if ratio <= target else "**no**")
            rss = m["rss"] / stats[t]["rss"] if stats[t]["rss"] else None
            render = m["render"] / stats[t]["wall"] if m["render"] else None
            lines.append(f"| Montage / {t} | {ratio:.2f}x | {'-' if target is None else f'<= {target}x'} | {met} "
                         f"| {ratio_cell(round_ratios(rows, 'montage', t))} | {fmt(render, 2)}x | {fmt(rss, 2)}x |")
        lines.append("")
    others = [t for t in tools if t not in ("montage", "ffmpeg") and not t.startswith("montage")
              and not t.startswith("ffmpeg") and stats[t]["wall"]]
    f = stats.get("ffmpeg")
    if others and f and f["wall"]:
        lines.append("| peer / ffmpeg | wall time ratio (medians) | per-round ratio: median (min-max) | peak RSS ratio |")
        lines.append("|---|---|---|---|")
        for t in others:
            rss = stats[t]["rss"] / f["rss"] if f["rss"] else None
            lines.append(f"| {t} / ffmpeg | {stats[t]['wall'] / f['wall']:.2f}x | {ratio_cell(round_ratios(rows, t, 'ffmpeg'))} "
                         f"| {fmt(rss, 2)}x |")
        lines.append("")
    for t in tools:
        for failure in stats[t]["failures"]:
            lines.append(f"- {t} failed: `{failure}`")
    for kind in ("decode", "quality"):  # what run.sh measured on the outputs after the rounds
        notes = results / f"{scenario}.{kind}.txt"
        if notes.exists():
            lines.extend(f"- {line}" for line in notes.read_text().splitlines() if line.strip())
            lines.append("")
    return stats


def scale_table(rows, scenario, lines, results):
    rows = [r for r in rows if r["scenario"] in (scenario, scenario + "-w1")]
    if not rows:
        return {}
    lines.append(f"**{scenario}**: peak RSS against clip count, {rows[0]['size']}, the same 10 sources; "
                 f"`montage-w1` is Montage with `--workers 1`.{meta(results, scenario)}"
                 f"{' (-w1:' + meta(results, scenario + '-w1') + ')' if meta(results, scenario + '-w1') else ''}\n")
    lines.append("| clips | tool | runs ok | median wall s | median peak RSS MB | heap peak MB | segments | mode | output frames | failures |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    series = {}
    known = ["montage", "montage-w1", "ffmpeg", "melt"]
    tools = sorted(dict.fromkeys(r["tool"] for r in rows), key=lambda t: known.index(t) if t in known else len(known))
    for tool in tools:
        for clips in sorted({int(r["clips"]) for r in rows if r["tool"] == tool}):
            s = tool_stats([r for r in rows if r["tool"] == tool and int(r["clips"]) == clips])
            segs = ",".join(sorted({r.get("segments") or "-" for r in rows
                                    if r["tool"] == tool and int(r["clips"]) == clips and ok(r)})) or "-"
            lines.append(f"| {clips} | {tool} | {s['ok']}/{s['runs']} | {fmt(s['wall'])} | {fmt(s['rss'], 0)} "
                         f"| {fmt(s['heap'], 0)} | {segs} | {s['mode']} | {s['frames']} | {'; '.join(s['failures']) or '-'} |")
            if s["rss"]:
                series.setdefault(tool, []).append((clips, s["rss"]))
    lines.append("")
    for tool in ("montage", "montage-w1"):
        points = sorted(series.get(tool, []))
        if len(points) > 1:
            ratio = points[-1][1] / points[0][1]
            met = "yes" if ratio <= RSS_TARGET else "**no**"
            target = f"(target <= {RSS_TARGET}x: {met})" if tool == "montage" else "(diagnostic, no target)"
            steps = ", ".join(f"{b[0]}/{a[0]}: {b[1] / a[1]:.2f}x" for a, b in zip(points, points[1:]))
            lines.append(f"- `{tool}` peak RSS at {points[-1][0]} clips / at {points[0][0]} clips: **{ratio:.2f}x** "
                         f"{target}; step by step {steps}.")
    lines.append("")
    return series


def resolution_table(rows, lines, results):
    rows = [r for r in rows if r["scenario"] == "resolution"] + [r for r in rows if r["scenario"] == "8k"]
    if not rows:
        return []
    lines.append("**resolution** and **8k**: Montage, peak RSS against output size (in = out). "
                 f"resolution:{meta(results, 'resolution')} 8k:{meta(results, '8k')}\n")
    lines.append("| size | clips | heap | wall s | render s | peak RSS MB | heap peak MB | segments | mode | output frames | exit | note |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    points = []
    for r in rows:
        heap = heap_flag(r)
        rss = mb(num(r["max_rss_kb"])) if num(r["max_rss_kb"]) else None
        lines.append(f"| {r['size']} | {r['clips']} | {heap} | {r['wall_s']} | {r['render_wall_s']} | {fmt(rss, 0)} "
                     f"| {r['heap_peak_mb']} | {r.get('segments') or '-'} | {r['mode']} | {r['out_frames']} | {r['exit']} | {r['note']} |")
        if rss:
            points.append((r["size"], int(r["clips"]), rss, r["scenario"], ok(r), heap))
    lines.append("")
    return points


def scale_size(rows, scenario):
    return next(r["size"] for r in rows if r["scenario"] == scenario)


def heap_flag(row):
    return row.get("xmx") or "-"


def jmh_table(results, lines):
    path = results / "jmh.json"
    if not path.exists():
        return
    data = json.loads(path.read_text())
    if not data:
        return
    first = data[0]
    lines.append(f"**JMH** (`{' '.join(first.get('jvmArgs', []))}`, {first['warmupIterations']} warm-up x "
                 f"{first['warmupTime']}, {first['measurementIterations']} x {first['measurementTime']}, "
                 f"{first['forks']} fork(s)).\n")
    lines.append("| benchmark | params | score | error (99.9%) | unit |")
    lines.append("|---|---|---|---|---|")
    for b in data:
        name = b["benchmark"].rsplit(".", 2)
        params = ", ".join(f"{k}={v}" for k, v in (b.get("params") or {}).items()) or "-"
        m = b["primaryMetric"]
        error = m.get("scoreError")
        error = "-" if error is None or (isinstance(error, float) and math.isnan(error)) else f"{error:.3f}"
        lines.append(f"| {name[-2]}.{name[-1]} | {params} | {m['score']:.3f} | {error} | {m['scoreUnit']} |")
    lines.append("")


def commands(results, lines, old_entries=None):
    """old_entries: {key: text} of an old block's commands to keep (merge)."""
    shown = dict(old_entries or {})
    for cmd in sorted((results / "logs").glob("*-r1*.cmd")):
        key = cmd.name[:-len(".cmd")]
        text = cmd.read_text().strip()
        if len(text) > 900:
            text = text[:900] + " ... (" + str(len(text)) + " characters)"
        shown[key] = text
    if not shown:
        return
    lines.append("<details><summary>Exact commands of round 1</summary>\n")
    for key in sorted(shown):
        lines.append(f"`{key}`:\n\n```\n{shown[key]}\n```\n")
    lines.append("</details>\n")


# --- merging into an existing results block ----------------------------------------------------

PART = re.compile(r"^<!-- part: (\S+) -->\n", re.M)


def split_parts(block):
    """{key: text} of a results block, in order; text without its marker line."""
    marks = list(PART.finditer(block))
    return {m.group(1): block[m.end():(marks[i + 1].start() if i + 1 < len(marks) else len(block))]
            for i, m in enumerate(marks)}


def join_parts(old, new):
    """Old order, new text where there is one; new keys after the new key before them."""
    order = list(old)
    previous = None
    for key in new:
        if key not in order:
            kin = [k for k in order if k.split(":")[0] == key.split(":")[0]]  # after its own kind if any
            after = kin[-1] if kin and ":" in key else previous
            order.insert(order.index(after) + 1 if after in order else len(order), key)
        previous = key
    return "".join(f"<!-- part: {k} -->\n" + (new[k] if k in new else old[k]).rstrip() + "\n\n" for k in order)


def old_bars(text):
    """(tool, median, min, max) of the wall-time column of a kept peer table."""
    bars = []
    for m in re.finditer(r"^\| (\S+) \| \d+/\d+ \| ([\d.]+) \(([\d.]+)-([\d.]+)\) \|", text, re.M):
        bars.append((m.group(1), float(m.group(2)), float(m.group(3)), float(m.group(4))))
    return bars


def old_commands(text, fresh):
    """Command entries of an old commands part whose scenario and tool this run did not produce."""
    entries = dict(re.findall(r"^`([^`]+)`:\n\n```\n(.*?)\n```", text, re.M | re.S))
    return {k: v for k, v in entries.items()
            if not any(k.startswith(f"{scen}-{tool}-") for scen, tool in fresh)}


# --- plots ------------------------------------------------------------------------------------

def plot_lines(path, title, xlabel, ylabel, series, logx=False, xticks=None):
    """series: {name: [(x, y), ...]}; xticks: [(x, label)] or None."""
    if have_matplotlib():
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
        for i, (name, pts) in enumerate(series.items()):
            xs, ys = zip(*sorted(pts))
            ax.plot(xs, ys, marker="x" if failed(name) else "o", linestyle="none" if failed(name) else "-",
                    markersize=9 if failed(name) else 6, label=name, color=color(name, i))
            for x, y in pts:
                ax.annotate(f"{y:.0f}", (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
        if logx:
            ax.set_xscale("log")
        if xticks:
            ax.set_xticks([x for x, _ in xticks], [l for _, l in xticks])
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        fig.savefig(path.with_suffix(".png"))
        plt.close(fig)
        return path.with_suffix(".png")
    if shutil.which("gnuplot"):
        data_blocks, plots = [], []
        for i, (name, pts) in enumerate(series.items()):
            rows = "\n".join(f"{x} {y}" for x, y in sorted(pts))
            data_blocks.append(f"$d{i} << EOD\n{rows}\nEOD")
            style = "points pt 2 ps 2" if failed(name) else "linespoints lw 2 pt 7"
            plots.append(f"$d{i} using 1:2 with {style} lc rgb '{color(name, i)}' title '{name}', "
                         f"$d{i} using 1:2:(sprintf('%.0f', $2)) with labels offset 0,0.8 font ',8' notitle")
        ticks = ""
        if xticks:
            ticks = "set xtics (" + ", ".join(f"'{l}' {x}" for x, l in xticks) + ")\n"
        xs = [x for pts in series.values() for x, _ in pts]
        lo, hi = min(xs), max(xs)
        xrange = f"set xrange [{lo / 2}:{hi * 2}]\n" if logx else f"set xrange [{lo - (hi - lo) * 0.1}:{hi + (hi - lo) * 0.1}]\n"
        script = ("set terminal pngcairo size 770,460 font ',10'\n"
                  f"set output '{path.with_suffix('.png')}'\n"
                  f"set title '{title}'\nset xlabel '{xlabel}'\nset ylabel '{ylabel}'\n"
                  "set grid\nset key top left Left reverse\nset yrange [0:*]\n"
                  + ("set logscale x\n" if logx else "") + ticks + xrange
                  + "\n".join(data_blocks) + "\nplot " + ", ".join(plots) + "\n")
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
        return path.with_suffix(".png")
    return svg_lines(path.with_suffix(".svg"), title, xlabel, ylabel, series, logx, xticks)


def plot_bars(path, title, ylabel, groups):
    """groups: {group: [(label, value, lo, hi)]} drawn as bars with min-max whiskers."""
    if have_matplotlib():
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        count = sum(len(bars) for bars in groups.values()) + 0.6 * len(groups)
        fig, ax = plt.subplots(figsize=(max(7, 0.9 * count), 4.2), dpi=110)
        x, ticks = 0, []
        for group, bars in groups.items():
            for label, value, lo, hi in bars:
                ax.bar(x, value, yerr=[[value - lo], [hi - value]], capsize=4, color=color(label))
                ax.annotate(f"{value:.1f}", (x, hi), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=8)
                ticks.append((x, f"{label}\n({group})"))
                x += 1
            x += 0.6
        ax.set_xticks([t for t, _ in ticks], [l for _, l in ticks], fontsize=8)
        ax.set(title=title, ylabel=ylabel)
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
        fig.savefig(path.with_suffix(".png"))
        plt.close(fig)
        return path.with_suffix(".png")
    if shutil.which("gnuplot"):
        rows, x = [], 0.0
        for group, bars in groups.items():
            for label, value, lo, hi in bars:
                rows.append(f"{x} {value} {lo} {hi} \"{label}\\n({group})\" 0x{color(label)[1:]}")
                x += 1
            x += 0.6
        width = max(770, int(95 * x) + 120)  # about 95 px a bar, so that two-line labels do not collide
        script = (f"set terminal pngcairo size {width},460 font ',10'\n"
                  f"set output '{path.with_suffix('.png')}'\n"
                  f"set title '{title}'\nset ylabel '{ylabel}'\nset grid ytics\nset yrange [0:*]\n"
                  "set style fill solid 0.6\nset boxwidth 0.8\nset key off\nset bmargin 4\nset xtics font ',8'\n"
                  f"set xrange [-0.8:{x - 0.2}]\n"
                  "$d << EOD\n" + "\n".join(rows) + "\nEOD\n"
                  "plot $d using 1:2:6:xtic(5) with boxes lc rgb variable, "
                  "$d using 1:2:3:4 with yerrorbars lc rgb 'black' pt 0, "
                  "$d using 1:4:(sprintf('%.1f', $2)) with labels offset 0,0.8 font ',8' notitle\n")
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
        return path.with_suffix(".png")
    flat = {f"{g} {l}": [(i, v)] for i, (g, l, v) in
            enumerate((g, l, v) for g, bars in groups.items() for l, v, _, _ in bars)}
    return svg_lines(path.with_suffix(".svg"), title, "", ylabel, flat, False, None)


def have_matplotlib():
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError:
        return False


def svg_lines(path, title, xlabel, ylabel, series, logx, xticks):
    """The last resort: a plain SVG line chart, no dependencies."""
    w, h, left, right, top, bottom = 700, 420, 70, 20, 40, 50
    pts = [(x, y) for p in series.values() for x, y in p]
    tx = (lambda v: math.log10(v)) if logx else (lambda v: v)
    xs = [tx(x) for x, _ in pts]
    x0, x1 = min(xs), max(xs)
    x0, x1 = (x0 - 0.5, x1 + 0.5) if x0 == x1 else (x0 - (x1 - x0) * 0.08, x1 + (x1 - x0) * 0.08)
    y1 = max(y for _, y in pts) * 1.15
    px = lambda v: left + (tx(v) - x0) / (x1 - x0) * (w - left - right)
    py = lambda v: h - bottom - v / y1 * (h - top - bottom)
    colors = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="20" text-anchor="middle" font-size="14">{title}</text>',
           f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="black"/>',
           f'<text x="{w / 2}" y="{h - 10}" text-anchor="middle">{xlabel}</text>',
           f'<text x="15" y="{h / 2}" transform="rotate(-90 15 {h / 2})" text-anchor="middle">{ylabel}</text>']
    for i in range(5):
        v = y1 * i / 4
        out.append(f'<text x="{left - 5}" y="{py(v) + 4}" text-anchor="end">{v:.0f}</text>')
    for x, label in (xticks or sorted({(x, str(x)) for x, _ in pts})):
        out.append(f'<text x="{px(x)}" y="{h - bottom + 15}" text-anchor="middle">{label}</text>')
    for i, (name, p) in enumerate(series.items()):
        c = colors[i % len(colors)]
        p = sorted(p)
        out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="'
                   + " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in p) + '"/>')
        for x, y in p:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="{c}"/>')
            out.append(f'<text x="{px(x):.1f}" y="{py(y) - 8:.1f}" text-anchor="middle">{y:.0f}</text>')
        out.append(f'<text x="{left + 10}" y="{top + 15 * (i + 1)}" fill="{c}">{name}</text>')
    out.append("</svg>")
    path.write_text("\n".join(out))
    return path


# --- main -------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--merge", action="store_true",
                        help="keep the parts of the old results block that this run does not produce")
    args = parser.parse_args()
    results, docs = args.results, args.docs
    docs.mkdir(parents=True, exist_ok=True)
    rows = read_rows(results)
    doc = docs / "benchmarks.md"
    old = {}
    if args.merge and doc.exists() and BEGIN in doc.read_text():
        text = doc.read_text()
        old = split_parts(text[text.index(BEGIN) + len(BEGIN):text.index(END)].lstrip("\n"))
    parts = {}

    lines = []
    machine = results / "machine.txt"
    if machine.exists():
        lines.append("Machine and versions:\n")
        lines.extend(f"- {l}" for l in machine.read_text().splitlines())
        lines.append("")
    lines.append("Wall time and peak RSS are GNU time's (`/usr/bin/time -f '%e %M'`) for the whole process: "
                 "for Montage that includes JVM start-up and loading the FFmpeg natives. "
                 "\"Montage render s\" is the runner's own `RenderResult.wallTime()`; the render-only ratio divides "
                 "it by the peer's whole-process wall time (the peers' own start-up is not subtracted). "
                 "Targets are on the whole-process ratio. The per-round ratio divides the two wall times of "
                 "the same round (the tools alternate within a round), then takes the median over the rounds.\n")
    parts["head"] = "\n".join(lines)

    stats = {}
    for scenario in sorted({r["scenario"] for r in rows}, key=lambda s: ("copy" in s, s)):
        if re.search(r"(reencode|compose|copy|copy-\d+|copy-audio-[a-z0-9-]+|copy-encoders|smartcut)$", scenario):
            lines = []
            stats[scenario] = peer_table(rows, scenario, lines, results)
            parts[f"peer:{scenario}"] = "\n".join(lines)
    plots = []
    groups = {}
    for key, text in old.items():  # kept peer tables still belong in the wall-time plot
        if key.startswith("peer:") and key not in parts and old_bars(text):
            groups[key[len("peer:"):]] = old_bars(text)
    for scenario, s in stats.items():
        bars = []
        for tool, st in s.items():
            walls = [num(r["wall_s"]) for r in rows if r["scenario"] == scenario and r["tool"] == tool and ok(r)]
            if walls:
                bars.append((tool, statistics.median(walls), min(walls), max(walls)))
        if bars:
            groups[scenario] = bars
    order = [k[len("peer:"):] for k in list(old) + list(parts) if k.startswith("peer:")]
    groups = {g: groups[g] for g in dict.fromkeys(order) if g in groups}
    if groups and stats:
        plots.append(("wall", "Wall time against the peers", plot_bars(
            docs / "benchmarks-wall", "Median wall time (whiskers: min-max)", "seconds", groups)))

    for scenario in sorted({r["scenario"] for r in rows}):
        if scenario.endswith("scale"):
            lines = []
            series = scale_table(rows, scenario, lines, results)
            parts[f"scale:{scenario}"] = "\n".join(lines)
            if series:
                counts = sorted({x for p in series.values() for x, _ in p})
                plots.append(("rss-clips", "Peak RSS against clip count", plot_lines(
                    docs / "benchmarks-rss-clips", f"Peak RSS against clip count ({scale_size(rows, scenario)}, -Xmx256m for Montage)",
                    "clips", "peak RSS (MB)", {k: v for k, v in series.items()}, logx=True,
                    xticks=[(c, str(c)) for c in counts])))

    lines = []
    points = resolution_table(rows, lines, results)
    if points:
        parts["resolution"] = "\n".join(lines)
        order = {"1280x720": 0.92, "1920x1080": 2.07, "3840x2160": 8.29, "7680x4320": 33.18}
        series = {}
        for size, clips, rss, scenario, good, heap in points:
            mp = order.get(size) or (int(size.split("x")[0]) * int(size.split("x")[1]) / 1e6)
            name = f"{clips} clips, {heap}" + ("" if good else ": OutOfMemoryError (RSS when it failed)")
            series.setdefault(name, []).append((mp, rss))
        names = {0.92: "720p", 2.07: "1080p", 8.29: "4K", 33.18: "8K"}
        present = sorted({x for p in series.values() for x, _ in p})
        plots.append(("rss-resolution", "Peak RSS against resolution", plot_lines(
            docs / "benchmarks-rss-resolution", "Montage: peak RSS against output size",
            "output size (pixels per frame, log scale)", "peak RSS (MB)", series, logx=True,
            xticks=[(x, names.get(x, f"{x:.1f}")) for x in present])))

    left = [int(r["temp_left"]) for r in rows if r["tool"] == "montage" and r["temp_left"].isdigit()]
    if left:
        scenarios = sorted({r["scenario"] for r in rows if r["tool"] == "montage" and r["temp_left"].isdigit()})
        parts["temp:" + "+".join(scenarios)] = (f"Files left in Montage's temp directory after its {len(left)} runs "
                                               f"({', '.join(scenarios)}): {sum(left)}.\n")
    lines = []
    jmh_table(results, lines)
    if lines:
        parts["jmh"] = "\n".join(lines)
    for key, title, path in plots:
        parts[f"plot:{key}"] = f"![{title}]({path.name})\n"
    fresh = {(r["scenario"], r["tool"]) for r in rows}
    lines = []
    commands(results, lines, old_commands(old.get("commands", ""), fresh))
    if lines:
        parts["commands"] = "\n".join(lines)

    text = join_parts(old, parts)
    (results / "summary.md").write_text(text)
    block = f"{BEGIN}\n{text}{END}"
    if doc.exists() and BEGIN in doc.read_text():
        old_text = doc.read_text()
        doc.write_text(old_text[:old_text.index(BEGIN)] + block + old_text[old_text.index(END) + len(END):])
    elif not doc.exists():
        doc.write_text("# Benchmarks\n\nReproduce with `benchmarks/run.sh all`.\n\n" + block + "\n")
    kept = [k for k in old if k not in parts]
    print(f"wrote {results / 'summary.md'}, {doc} and {len(plots)} plot(s) in {docs}"
          + (f"; kept from the old block: {', '.join(kept)}" if kept else ""))


if __name__ == "__main__":
    main()
