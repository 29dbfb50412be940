"""Markdown for BENCHMARKS.md from the measurements."""
import datetime
import os
import subprocess
from benchkit.common import BAR_BARE_RPS, BAR_RPS, ROOT, fmt, med, sh, spread


def report_guardrails(results):
    us = lambda k: [p.get(k, float('nan')) / 1000 for p in results]
    return "\n".join([
        "",
        "### Guardrails (all built-in rules on, a 700-character prompt that triggers none)",
        "",
        f"- Added by evaluating the rules on request and answer, interleaved pairs at concurrency 1,"
        f" guarded vs. plain gateway, both in front of nginx: p50 **{fmt(med(us('added_by_percentile_p50')), 3)} ms**"
        f" [{fmt(spread(us('added_by_percentile_p50'))[0], 3)}–{fmt(spread(us('added_by_percentile_p50'))[1], 3)}],"
        f" p99 {fmt(med(us('added_by_percentile_p99')), 3)} ms; pairwise p50"
        f" {fmt(med(us('added_pairwise_p50')), 3)} ms ({len(results)} runs)."])


def report_bar(rounds):
    """The throughput bar read two ways: as written (an absolute rate) and against the same run's
    bare proxy (the bar's own calibration, scaled to today's machine)."""
    L = ["### The throughput bar at 64 connections, calibrated in the same run", "",
         f"nginx directly, the bare Vert.x proxy (`bench/BareProxy.java`, JDK 25, SerialGC, 128 MB, two "
         f"event loops) and the gateway, all in front of the same nginx, wrk -t2 -c64, "
         f"{len(rounds)} interleaved rounds of 10 s each.", "",
         "| round | nginx req/s | bare proxy req/s | bare p99 (ms) | bare CPU µs/req | gateway req/s | gateway p99 (ms) | gateway errors | gateway CPU µs/req | gateway ÷ bare |",
         "|---|---|---|---|---|---|---|---|---|---|"]
    for i, r in enumerate(rounds, 1):
        n, b, g = r["nginx"], r["bare"], r["gateway"]
        L.append(f"| {i} | {n['rps']:.0f} | {b['rps']:.0f} | {fmt(b.get('p99'))} | {fmt(b['cpu_us_per_req'], 1)} | "
                 f"{g['rps']:.0f} | {fmt(g.get('p99'))} | {g['errors']} | {fmt(g['cpu_us_per_req'], 1)} | "
                 f"{g['rps'] / b['rps']:.2f} |")
    g = med([r["gateway"]["rps"] for r in rounds])
    b = med([r["bare"]["rps"] for r in rounds])
    g99 = med([r["gateway"].get("p99", 1e9) for r in rounds])
    b99 = med([r["bare"].get("p99", 1e9) for r in rounds])
    ratio = med([r["gateway"]["rps"] / r["bare"]["rps"] for r in rounds])
    errors = sum(r["gateway"]["errors"] for r in rounds)
    # At a fixed 64 connections every latency is 64 ÷ rate on average (Little's law): a machine on
    # which the stack itself runs at half the rate doubles the p99 as well. So the scaled bar
    # scales both halves of the bar by the same factor.
    scale = b / BAR_BARE_RPS
    scaled_rps, scaled_p99 = BAR_RPS * scale, 10 / scale
    L.append("")
    L.append(f"- Medians: gateway **{g:.0f} req/s**, p99 {fmt(g99)} ms; bare proxy {b:.0f} req/s, p99 "
             f"{fmt(b99)} ms; gateway ÷ bare **{ratio:.2f}** (the bar's own ratio: {BAR_RPS:,} ÷ "
             f"{BAR_BARE_RPS:,} = {BAR_RPS / BAR_BARE_RPS:.2f}); gateway errors: {errors}.")
    L.append(f"- As written (≥ {BAR_RPS:,} req/s with p99 < 10 ms): "
             f"{'met' if g >= BAR_RPS and g99 < 10 and errors == 0 else 'not met'}"
             f"{'' if b >= BAR_BARE_RPS * 0.9 else f'; the stack itself (the bare proxy) reaches {b:.0f} req/s at p99 {fmt(b99)} ms on this machine in this run'}.")
    L.append(f"- Scaled to this run's machine by the bare proxy ({b:.0f} ÷ {BAR_BARE_RPS:,} = {scale:.2f}: "
             f"≥ {scaled_rps:.0f} req/s with p99 < {fmt(scaled_p99, 1)} ms, no errors): "
             f"{'met' if g >= scaled_rps and g99 < scaled_p99 and errors == 0 else 'not met'}.")
    return "\n".join(L)


def best_rps(table, name, side):
    best = None
    for (n, c), pair in table.items():
        r = pair[0 if side == "direct" else 1]
        if n == name and r["errors"] == 0 and r.get("p99", 1e9) < 10 and (best is None or r["rps"] > best[0]):
            best = (r["rps"], c)
    return best


def paired_rows(label, paired):
    """The two table rows of one paired client: difference of percentiles, per-pair differences."""
    us = lambda k: [p.get(k, float('nan')) / 1000 for p in paired]
    return [
        f"| {label}, interleaved pairs, difference of percentiles | "
        f"{fmt(med(us('added_by_percentile_p50')), 3)} [{fmt(spread(us('added_by_percentile_p50'))[0], 3)}–{fmt(spread(us('added_by_percentile_p50'))[1], 3)}] | "
        f"{fmt(med(us('added_by_percentile_p90')), 3)} | {fmt(med(us('added_by_percentile_p99')), 3)} "
        f"[{fmt(spread(us('added_by_percentile_p99'))[0], 3)}–{fmt(spread(us('added_by_percentile_p99'))[1], 3)}] | "
        f"{fmt(med(us('direct_p50')), 3)} / {fmt(med(us('direct_p99')), 3)} | {fmt(med(us('gateway_p50')), 3)} / {fmt(med(us('gateway_p99')), 3)} |",
        f"| same, percentiles of the per-pair differences | {fmt(med(us('added_pairwise_p50')), 3)} | "
        f"{fmt(med(us('added_pairwise_p90')), 3)} | {fmt(med(us('added_pairwise_p99')), 3)} "
        f"[{fmt(spread(us('added_pairwise_p99'))[0], 3)}–{fmt(spread(us('added_pairwise_p99'))[1], 3)}] | | |"]


def report(facts, startup, wrk_runs, paired, table, peak, ttft, ttft_bare, gaps, capacity, idle, after,
           opened, cpaired, cbare):
    L = []
    L.append(f"Run {facts['date']} on commit `{facts['commit']}`: {facts['cpu']} ({facts['cores']} cores), "
             f"{facts['jdk']}; gateway JVM flags `{facts['flags']}`. Load generator, upstreams and "
             "gateway share the machine. Medians of the runs, with the spread (min–max) in brackets.")
    L.append("")
    L.append("### Added latency at concurrency 1 (gateway → nginx vs. nginx directly)")
    L.append("")
    L.append("| client | p50 added (ms) | p90 added | p99 added | direct p50 / p99 | gateway p50 / p99 |")
    L.append("|---|---|---|---|---|---|")
    for label, get in (("wrk -c1, difference of percentiles", lambda r, p: r["gateway"].get(p, 0) - r["direct"].get(p, 0)),):
        a50 = [get(r, "p50") for r in wrk_runs]
        a90 = [get(r, "p90") for r in wrk_runs]
        a99 = [get(r, "p99") for r in wrk_runs]
        L.append(f"| {label} | {fmt(med(a50), 3)} [{fmt(spread(a50)[0], 3)}–{fmt(spread(a50)[1], 3)}] | "
                 f"{fmt(med(a90), 3)} | {fmt(med(a99), 3)} [{fmt(spread(a99)[0], 3)}–{fmt(spread(a99)[1], 3)}] | "
                 f"{fmt(med([r['direct']['p50'] for r in wrk_runs]), 3)} / {fmt(med([r['direct']['p99'] for r in wrk_runs]), 3)} | "
                 f"{fmt(med([r['gateway']['p50'] for r in wrk_runs]), 3)} / {fmt(med([r['gateway']['p99'] for r in wrk_runs]), 3)} |")
    L.extend(paired_rows("bench/paired_latency.c (C)", cpaired))
    L.extend(paired_rows("bench/PairedLatency.java", paired))
    L.extend(paired_rows("calibration: the bare proxy instead of the gateway, bench/paired_latency.c", cbare))
    L.append("")
    L.append("### Throughput (closed loop, wrk -t2, 5 s per point)")
    L.append("")
    L.append("| upstream | connections | direct req/s | direct p99 (ms) | gateway req/s | gateway p99 (ms) | gateway errors | gateway CPU µs/req |")
    L.append("|---|---|---|---|---|---|---|---|")
    for (name, c), (d, g) in table.items():
        L.append(f"| {name} | {c} | {d['rps']:.0f} | {fmt(d.get('p99'))} | {g['rps']:.0f} | {fmt(g.get('p99'))} | "
                 f"{g['errors']} | {fmt(g['cpu_us_per_req'], 1)} |")
    L.append("")
    for name in ("nginx", "simulator", "simulator, 50 ms"):
        bd, bg = best_rps(table, name, "direct"), best_rps(table, name, "gateway")
        if bd and bg:
            L.append(f"- Highest rate with p99 < 10 ms and no errors, {name}: gateway **{bg[0]:.0f}/s** "
                     f"(at {bg[1]} connections), direct {bd[0]:.0f}/s (at {bd[1]}): ratio {bg[0] / bd[0]:.2f}.")
    L.append("")
    L.append("### Streaming")
    L.append("")
    L.append(f"- Time to first token, nginx SSE body (64 chunks), {int(ttft.get('errors', 0))} errors: "
             f"direct p50 {fmt(ttft.get('ttft_direct_p50', 0) / 1000, 3)} ms, gateway p50 "
             f"{fmt(ttft.get('ttft_gateway_p50', 0) / 1000, 3)} ms; added p50 "
             f"**{fmt(ttft.get('ttft_added_by_percentile_p50', 0) / 1000, 3)} ms**, p99 "
             f"{fmt(ttft.get('ttft_added_by_percentile_p99', 0) / 1000, 3)} ms (pairwise p50 "
             f"{fmt(ttft.get('ttft_added_pairwise_p50', 0) / 1000, 3)} ms). Calibration, the same pairs "
             f"through the bare proxy: added p50 {fmt(ttft_bare.get('ttft_added_by_percentile_p50', 0) / 1000, 3)} ms, "
             f"p99 {fmt(ttft_bare.get('ttft_added_by_percentile_p99', 0) / 1000, 3)} ms.")
    L.append(f"- Inter-chunk gap, simulator emitting 64 chunks 20 ms apart: direct p50 "
             f"{fmt(gaps.get('gap_direct_p50', 0) / 1000, 3)} / p99 {fmt(gaps.get('gap_direct_p99', 0) / 1000, 3)} ms, "
             f"gateway p50 {fmt(gaps.get('gap_gateway_p50', 0) / 1000, 3)} / p99 "
             f"{fmt(gaps.get('gap_gateway_p99', 0) / 1000, 3)} ms; events batched into one read: direct "
             f"{int(gaps.get('batched_direct', 0))}, gateway {int(gaps.get('batched_gateway', 0))} "
             f"(of {int(gaps.get('events_gateway', 0))}).")
    held = [c for c in capacity if c.get("capacity_failed", 1) == 0 and c.get("capacity_dropped_events", 1) == 0]
    if held:
        top = max(held, key=lambda c: c["capacity_concurrency"])
        L.append(f"- Concurrent streams held with no dropped chunk: **{int(top['capacity_concurrency'])}** "
                 f"(each 64 chunks at 20 ms; p99 gap {fmt(top.get('capacity_p99_gap_ms'))} ms); tried: "
                 + ", ".join(f"{int(c['capacity_concurrency'])} → {int(c.get('capacity_ok', 0))} ok" for c in capacity) + ".")
    L.append("")
    L.append("### Memory, CPU, start-up")
    L.append("")
    L.append(f"- RSS idle 5 s after start {idle} MB; peak under the 64-connection nginx load {peak.get('rss_peak_mb')} MB; "
             f"after the load {after} MB.")
    L.append(f"- CPU time per request through the gateway at 64 connections: {fmt(peak.get('cpu_us_per_req'), 1)} µs.")
    L.append(f"- A model whose only deployment has an open circuit breaker is answered `503 circuit_open` "
             f"in p50 **{fmt(opened.get('p50'), 3)} ms** / p99 {fmt(opened.get('p99'), 3)} ms end to end at "
             f"concurrency 1 ({opened['rejected']} of {opened['requests']} requests rejected, no upstream call).")
    hs = [s[0] for s in startup]
    cs = [s[1] for s in startup]
    L.append(f"- Start (README command `./switchboard`, embedded defaults) to first 200 on /health: "
             f"**{fmt(med(hs), 0)} ms** [{fmt(min(hs), 0)}–{fmt(max(hs), 0)}]; to first chat completion "
             f"{fmt(med(cs), 0)} ms [{fmt(min(cs), 0)}–{fmt(max(cs), 0)}] ({len(hs)} runs).")
    return "\n".join(L)


def update_benchmarks_md(text):
    path = os.path.join(ROOT, "BENCHMARKS.md")
    with open(path) as f:
        doc = f.read()
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    i, j = doc.index(start) + len(start), doc.index(end)
    with open(path, "w") as f:
        f.write(doc[:i] + "\n" + text + "\n" + doc[j:])


def facts(java_home, gw_pid):
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open(f"/proc/{gw_pid}/cmdline") as f:
        argv = f.read().split("\0")
    # The archive's file name is left out (a temporary path); every other flag is shown.
    flags = " ".join(a for a in argv[1:] if a.startswith("-X") and "ArchiveFile" not in a
                     and "AOTCache" not in a)
    java = os.path.join(java_home, "bin", "java") if java_home else "java"
    jdk = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).strip(),
            "cpu": cpu, "cores": os.cpu_count(), "jdk": jdk.replace('"', ""), "flags": flags}
