"""The measurements: start-up, added latency, throughput, the throughput bar, streaming, guardrails."""
import json
import os
import sys
from benchkit.common import (
    BARE, GATEWAY, NGINX, ROOT, SIM, SIM50, SIMSTREAM, WORK, body, cpu_seconds,
    java_client, log, post, proc_status, reset_peak_rss, sh, write, wrk)
from benchkit.upstreams import GUARDED, GUARD_PROMPT, launcher_env, start_guarded_gateway


def measure_startup(java_home, runs):
    # The first start after a build makes the class-data archive; that is not what is measured.
    sh([os.path.join(ROOT, "switchboard"), "--version"], env={**os.environ, **launcher_env(java_home)})
    results = []
    for _ in range(runs):
        out = sh([sys.executable, os.path.join(ROOT, "bench", "startup_probe.py"), "4000",
                  "gpt-4o-mini", "--", os.path.join(ROOT, "switchboard")],
                 env={**os.environ, **launcher_env(java_home)})
        h, c = out.split()
        results.append((float(h), float(c)))
    return results


def measure_added_latency(java25, runs, quick):
    direct = f"http://127.0.0.1:{NGINX}/json/v1/chat/completions"
    via = f"http://127.0.0.1:{GATEWAY}/v1/chat/completions"
    wrk_runs, paired = [], []
    secs = 3 if quick else 5
    for _ in range(runs):
        d = wrk(direct, body("gpt-4o-mini"), 1, secs, threads=1)
        g = wrk(via, body("bench-nginx"), 1, secs, threads=1)
        wrk_runs.append({"direct": d, "gateway": g})
    dfile = write("direct.json", json.dumps(body("gpt-4o-mini")))
    gfile = write("gateway.json", json.dumps(body("bench-nginx")))
    for i in range(runs):
        paired.append(java_client(java25, "PairedLatency.java", [
            "--direct", direct, "--gateway", via, "--direct-body", dfile, "--gateway-body", gfile,
            "--pairs", "1000" if quick else "3000", "--warmup", "2000" if i == 0 else "500"]))
    # The same interleaved pairs from a C client: no JIT or GC of its own in the measurement.
    client = os.path.join(WORK, "paired_latency")
    sh(["cc", "-O2", "-o", client, os.path.join(ROOT, "bench", "paired_latency.c")])
    cpaired, cbare = [], []
    for i in range(runs):
        cpaired.append(parse_pairs(sh([client, direct, via, dfile, gfile,
                                       "2000" if quick else "5000", "2000" if i == 0 else "500"])))
        # The same pairs through the bare proxy, run by run: the stack's own floor on this
        # machine at this minute, to read the gateway's figures against.
        cbare.append(parse_pairs(sh([client, direct, f"http://127.0.0.1:{BARE}/", dfile, gfile,
                                     "2000" if quick else "5000", "2000" if i == 0 else "500"])))
    return wrk_runs, paired, cpaired, cbare


def parse_pairs(out):
    """The key=value lines both paired clients print, as one flat dict (values in µs)."""
    res = {}
    for line in out.strip().splitlines():
        parts = line.split()
        key, rest = ("", parts) if "=" in parts[0] else (parts[0] + "_", parts[1:])
        for kv in rest:
            k, v = kv.split("=", 1)
            res[key + k] = float(v)
    return res


def measure_open_breaker(quick):
    post(GATEWAY, "/circuit-breakers/nginx%2Fgpt-4o-mini-open/force-open", {})
    r = wrk(f"http://127.0.0.1:{GATEWAY}/v1/chat/completions", body("bench-open"), 1,
            3 if quick else 5, threads=1)
    r["rejected"] = r["errors"]
    return r


def measure_guardrails(java25, java_home, runs, quick):
    """Added latency of the built-in guardrails: plain gateway vs. guarded gateway, paired."""
    start_guarded_gateway(java_home)
    req = {"model": "bench-nginx", **GUARD_PROMPT}
    # both gateways warmed alike, so the JIT state does not decide the difference
    for port in (GATEWAY, GUARDED):
        wrk(f"http://127.0.0.1:{port}/v1/chat/completions", req, 16, 5 if quick else 15)
    f = write("guard.json", json.dumps(req))
    results = []
    for i in range(runs):
        results.append(java_client(java25, "PairedLatency.java", [
            "--direct", f"http://127.0.0.1:{GATEWAY}/v1/chat/completions",
            "--gateway", f"http://127.0.0.1:{GUARDED}/v1/chat/completions",
            "--direct-body", f, "--gateway-body", f,
            "--pairs", "1000" if quick else "3000", "--warmup", "1000" if i == 0 else "300"]))
    return results


def measure_throughput(target_pid, quick):
    levels = [1, 8, 32, 64, 128, 256]
    secs = 3 if quick else 5
    targets = [
        ("nginx", f"http://127.0.0.1:{NGINX}/json/v1/chat/completions", "gpt-4o-mini",
         f"http://127.0.0.1:{GATEWAY}/v1/chat/completions", "bench-nginx"),
        ("simulator", f"http://127.0.0.1:{SIM}/v1/chat/completions", "gpt-4o-mini",
         f"http://127.0.0.1:{GATEWAY}/v1/chat/completions", "bench-sim"),
        ("simulator, 50 ms", f"http://127.0.0.1:{SIM50}/v1/chat/completions", "gpt-4o-mini",
         f"http://127.0.0.1:{GATEWAY}/v1/chat/completions", "bench-sim50"),
    ]
    table = {}
    peak = {}
    for name, durl, dmodel, gurl, gmodel in targets:
        for c in levels if name != "simulator, 50 ms" else levels + [512]:
            d = wrk(durl, body(dmodel), c, secs)
            reset_peak_rss(target_pid)
            cpu0 = cpu_seconds(target_pid)
            g = wrk(gurl, body(gmodel), c, secs)
            g["cpu_us_per_req"] = (cpu_seconds(target_pid) - cpu0) * 1e6 / max(1, g["requests"])
            g["rss_peak_mb"] = proc_status(target_pid, "VmHWM")
            table[(name, c)] = (d, g)
            log(f"  {name:17} c={c:<4} direct {d['rps']:>9.0f}/s p99 {d.get('p99', 0):6.2f} ms | "
                f"gateway {g['rps']:>9.0f}/s p99 {g.get('p99', 0):6.2f} ms err {g['errors']} "
                f"cpu {g['cpu_us_per_req']:.1f} us/req rss {g['rss_peak_mb']} MB")
            if name == "nginx" and c == 64:
                peak = g
    return table, peak


def measure_bar(gw_pid, bare_pid, rounds, secs=10):
    """nginx directly, the bare proxy and the gateway, all in front of the same nginx, at 64
    connections, interleaved round by round so that each round sees the same machine."""
    targets = (("nginx", f"http://127.0.0.1:{NGINX}/json/v1/chat/completions", "gpt-4o-mini", None),
               ("bare", f"http://127.0.0.1:{BARE}/", "bench-nginx", bare_pid),
               ("gateway", f"http://127.0.0.1:{GATEWAY}/v1/chat/completions", "bench-nginx", gw_pid))
    rounds_out = []
    for _ in range(rounds):
        row = {}
        for name, url, model, pid in targets:
            cpu0 = cpu_seconds(pid) if pid else 0
            r = wrk(url, body(model), 64, secs)
            if pid:
                r["cpu_us_per_req"] = (cpu_seconds(pid) - cpu0) * 1e6 / max(1, r["requests"])
            row[name] = r
        rounds_out.append(row)
        log(f"  c=64 nginx {row['nginx']['rps']:.0f}/s | bare proxy {row['bare']['rps']:.0f}/s "
            f"{row['bare']['cpu_us_per_req']:.1f} us/req | gateway {row['gateway']['rps']:.0f}/s "
            f"p99 {row['gateway'].get('p99', 0):.2f} ms err {row['gateway']['errors']} "
            f"{row['gateway']['cpu_us_per_req']:.1f} us/req | gateway/bare "
            f"{row['gateway']['rps'] / row['bare']['rps']:.2f}")
    return rounds_out


def measure_streaming(java25, quick):
    sse_direct = f"http://127.0.0.1:{NGINX}/sse/v1/chat/completions"
    via = f"http://127.0.0.1:{GATEWAY}/v1/chat/completions"
    dfile = write("sdirect.json", json.dumps(body("gpt-4o-mini", stream=True)))
    gfile = write("sgateway.json", json.dumps(body("bench-nginx-sse", stream=True)))
    ttft = java_client(java25, "StreamBench.java", [
        "ttft", "--direct", sse_direct, "--gateway", via, "--direct-body", dfile,
        "--gateway-body", gfile, "--pairs", "500" if quick else "2000", "--warmup", "500"])
    # The same pairs through the bare proxy: the streaming floor of the stack in this run.
    ttft_bare = java_client(java25, "StreamBench.java", [
        "ttft", "--direct", sse_direct, "--gateway", f"http://127.0.0.1:{BARE}/", "--direct-body", dfile,
        "--gateway-body", dfile, "--pairs", "500" if quick else "2000", "--warmup", "500"])
    sdirect = f"http://127.0.0.1:{SIMSTREAM}/v1/chat/completions"
    gs = write("sgw.json", json.dumps(body("bench-stream", stream=True)))
    # Both sides ask for the usage chunk: the simulator paces it like any other chunk, and the
    # gateway asks for it anyway, so without it the direct stream would be one interval shorter.
    usage = {"stream_options": {"include_usage": True}}
    gd = write("gapd.json", json.dumps(body("gpt-4o-mini", stream=True, **usage)))
    gg = write("gapg.json", json.dumps(body("bench-stream", stream=True, **usage)))
    gaps = java_client(java25, "StreamBench.java", [
        "gaps", "--direct", sdirect, "--gateway", via, "--direct-body", gd,
        "--gateway-body", gg, "--streams", "3" if quick else "6"])
    capacity = []
    for n in ([500, 1000] if quick else [500, 1000, 2000, 4000]):
        r = java_client(java25, "StreamBench.java", [
            "capacity", "--url", via, "--body", gs, "--concurrency", str(n),
            "--expect-events", "67", "--timeout-s", "30"])
        capacity.append(r)
        log(f"  capacity {n}: {r}")
        if r.get("capacity_failed", 0) > 0 or r.get("capacity_dropped_events", 0) > 0:
            break
    return ttft, ttft_bare, gaps, capacity


# ---------------------------------------------------------------- report
