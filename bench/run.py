#!/usr/bin/env python3
"""Switchboard's benchmark: the gateway's overhead against the direct-to-upstream path.

One command (from the repository root):  python3 bench/run.py
Options: --quick (shorter runs, for trying things), --runs N (repetitions of the latency
measurements, default 3), --no-build, --java JAVA_HOME (default: the launcher's choice),
--guardrails-only (only the added latency of the built-in guardrails, a minute or so),
--latency-only (only the added latency at concurrency 1, about three minutes),
--throughput-only (only the throughput bar: nginx, the bare proxy and the gateway at 64
connections, --runs interleaved rounds, about three minutes).

Everything runs on loopback on this machine: nginx answering fixed OpenAI bodies (the reference
upstream), the project's simulator, the gateway started with the README's launcher and its default
pipeline, metrics and access log, and the load generators (wrk, and bench/*.java for what wrk
cannot measure; they run with the JDK's source launcher, which needs JDK 22 or newer to compile the
shared bench/Http.java and bench/Args.java on the fly). Results are printed and written to
BENCHMARKS.md between the result markers.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = "/tmp/sb-bench"
JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64"
HDR = os.path.expanduser("~/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar")
NGINX, SIM, SIM50, SIMSTREAM, GATEWAY = 18080, 18081, 18082, 18083, 18000
BUILT_JAR = os.path.join(ROOT, "target", "switchboard.jar")
# Servers run from a copy, so that a rebuild during a run cannot pull classes from under them.
JAR = os.path.join(WORK, "switchboard.jar")
CHAT = {"messages": [{"role": "user", "content": "Say hello"}]}
# The throughput bar and the calibration it was set against: the bare Vert.x proxy
# (bench/BareProxy.java) carried 33,000 req/s at 64 connections on the machine the bar was written
# on, and the gateway must carry 20,000, i.e. 0.606 of the stack's own limit. This machine's speed
# changes from day to day, so every run measures the bare proxy again and states both readings.
BARE = 18099
BAR_RPS = 20000
BAR_BARE_RPS = 33000

procs = []


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, text=True,
                          capture_output=True, **kw).stdout


def start(name, cmd, env=None):
    out = open(os.path.join(WORK, name + ".log"), "w")
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                         env={**os.environ, **(env or {})})
    procs.append(p)
    return p


def wait_http(port, path="/health", timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.05)
    raise RuntimeError(f"nothing answered on port {port}{path}")


def post(port, path, body, headers=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.read()


def body(model, **extra):
    return {"model": model, **CHAT, **extra}


def write(name, content):
    path = os.path.join(WORK, name)
    with open(path, "w" if isinstance(content, str) else "wb") as f:
        f.write(content)
    return path


# ---------------------------------------------------------------- upstreams and gateway

def setup_upstreams(java):
    mock = [java, "-XX:+UseSerialGC", "-Xmx256m", "-jar", JAR, "mock", "--host", "127.0.0.1",
            "--no-record", "--event-loops", "1"]
    start("sim", mock + ["--port", str(SIM)])
    start("sim50", mock + ["--port", str(SIM50), "--latency-ms", "50"])
    start("simstream", mock + ["--port", str(SIMSTREAM), "--chunk-interval-ms", "20", "--tokens", "64"])
    for port in (SIM, SIM50, SIMSTREAM):
        wait_http(port)
    # nginx answers with bodies captured from the simulator, so both speak the same bytes.
    chat = post(SIM, "/v1/chat/completions", body("gpt-4o-mini")).decode()
    sse = post(SIM, "/v1/chat/completions", {**body("gpt-4o-mini"), "stream": True,
                                              "stream_options": {"include_usage": True}},
               {"x-mock-tokens": "64"}).decode()
    # Static files at the request paths; nginx's static module refuses POST with 405, which
    # error_page turns back into the file with status 200.
    for kind, text in (("json", chat), ("sse", sse)):
        d = os.path.join(WORK, "www", kind, "v1", "chat")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "completions"), "w") as f:
            f.write(text)
    conf = f"""
worker_processes 1;
daemon off;
pid {WORK}/nginx.pid;
error_log {WORK}/nginx-error.log warn;
events {{ worker_connections 8192; }}
http {{
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  client_body_buffer_size 64k;
  server {{
    listen 127.0.0.1:{NGINX} backlog=4096;
    root {WORK}/www;
    error_page 405 =200 $uri;
    location /json/ {{ default_type application/json; }}
    location /sse/ {{ default_type text/event-stream; }}
  }}
}}
"""
    write("nginx.conf", conf)
    os.makedirs(os.path.join(WORK, "nginx"), exist_ok=True)
    start("nginx", ["nginx", "-p", os.path.join(WORK, "nginx"), "-c", os.path.join(WORK, "nginx.conf")])
    time.sleep(0.3)
    post(NGINX, "/json/v1/chat/completions", body("gpt-4o-mini"))
    return sse.count("data: ")


GATEWAY_YAML = f"""
# The benchmark's gateway: default settings (pipeline, metrics, access log) and one model per
# upstream. Clients use these names; the gateway rewrites them to the upstream model.
server:
  host: 127.0.0.1
  port: {GATEWAY}
providers:
  nginx: {{type: openai, base_url: "http://127.0.0.1:{NGINX}/json/v1", api_key: sk-bench}}
  nginx-sse: {{type: openai, base_url: "http://127.0.0.1:{NGINX}/sse/v1", api_key: sk-bench}}
  sim: {{type: openai, base_url: "http://127.0.0.1:{SIM}/v1"}}
  sim50: {{type: openai, base_url: "http://127.0.0.1:{SIM50}/v1"}}
  simstream: {{type: openai, base_url: "http://127.0.0.1:{SIMSTREAM}/v1"}}
models:
  bench-nginx: {{deployments: [{{provider: nginx, model: gpt-4o-mini}}]}}
  bench-nginx-sse: {{deployments: [{{provider: nginx-sse, model: gpt-4o-mini}}]}}
  bench-sim: {{deployments: [{{provider: sim, model: gpt-4o-mini}}]}}
  bench-sim50: {{deployments: [{{provider: sim50, model: gpt-4o-mini}}]}}
  bench-stream: {{deployments: [{{provider: simstream, model: gpt-4o-mini}}]}}
  # Its breaker is forced open before it is measured: how fast an open breaker answers.
  bench-open: {{deployments: [{{provider: nginx, model: gpt-4o-mini-open}}]}}
"""


GUARDED = 18001
# The same gateway with every built-in guardrail on, for the guardrail scenario: requests to
# bench-nginx through it against the plain gateway measure what evaluating the rules adds.
GUARDED_YAML = GATEWAY_YAML.replace(f"port: {GATEWAY}", f"port: {GUARDED}") + """
guardrails:
  rules:
    - {name: secrets, type: pii, entities: [secret], action: block}
    - {name: pii, type: pii, applies_to: both, action: redact}
    - {name: words, type: deny_list, keywords: [project falcon, internal only], action: flag}
    - {name: injection, type: prompt_injection, action: block}
    - {name: size, type: max_input_tokens, max_tokens: 8000}
"""
# A realistic prompt (about 700 characters, no personal data): the common case, where every
# rule scans and nothing triggers.
GUARD_PROMPT = {"messages": [
    {"role": "system", "content": "You are a helpful assistant for an online bookshop. Answer"
     " briefly and politely, and recommend at most three titles."},
    {"role": "user", "content": "Hello! I am looking for a present for my father, who turns"
     " sixty next month. He enjoys historical novels, especially ones set at sea in the age of"
     " sail, and he liked the Aubrey-Maturin series a lot. He also reads some popular science,"
     " mostly astronomy and the history of navigation. He does not like fantasy or anything too"
     " long; around three to four hundred pages is ideal. Could you suggest a few books he might"
     " not have read yet, and say in one sentence why each would suit him? Paperbacks are fine,"
     " and we would like delivery before the end of the month if possible. Thank you very much."}]}


def launcher_env(java_home):
    env = {"SWITCHBOARD_JAR": JAR}
    if java_home:
        env["JAVA_HOME"] = java_home
    return env


def start_gateway(java_home):
    cfg = write("gateway.yaml", GATEWAY_YAML)
    p = start("gateway", [os.path.join(ROOT, "switchboard"), "--config", cfg],
              launcher_env(java_home))
    wait_http(GATEWAY, timeout=180)  # the first start after a build makes the class-data archive
    return p


def start_guarded_gateway(java_home):
    cfg = write("guarded.yaml", GUARDED_YAML)
    p = start("guarded", [os.path.join(ROOT, "switchboard"), "--config", cfg],
              launcher_env(java_home))
    wait_http(GUARDED, timeout=180)
    return p


# ---------------------------------------------------------------- process facts

def proc_status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) // 1024  # MB
    return None


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reset_peak_rss(pid):
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


# ---------------------------------------------------------------- wrk

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, req_body, conns, seconds, threads=2):
    script = write("wrk.lua", 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                               f"wrk.body = [[{json.dumps(req_body)}]]\n")
    out = sh(["wrk", f"-t{min(threads, conns)}", f"-c{conns}", f"-d{seconds}s", "--latency",
              "--timeout", "5s", "-s", script, url])
    res = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
           "errors": 0, "raw": out}
    for pct, val, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M):
        res[f"p{pct}"] = float(val) * UNITS[unit]
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        res["errors"] += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        res["errors"] += sum(int(x) for x in m.groups())
    res["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    return res


# ---------------------------------------------------------------- java clients

def java_client(java25, program, args):
    out = sh([java25, "-XX:+UseSerialGC", "-cp", HDR, os.path.join(ROOT, "bench", program)] + args)
    res = {}
    for line in out.strip().splitlines():
        if line.startswith("ttft_direct p50=") and "ttft_gateway" in line:
            # "ttft_direct p50=X ttft_gateway p50=Y": two prefixed values on one line
            line = line.replace(" ttft_gateway p50=", " ttft_gateway_p50=").replace(
                "ttft_direct p50=", "ttft_direct_p50=")
        parts = line.split()
        if "=" in parts[0]:
            key, rest = "", parts
        else:
            key, rest = parts[0] + "_", parts[1:]
        for kv in rest:
            if "=" in kv:
                k, v = kv.split("=", 1)
                try:
                    res[key + k] = float(v)
                except ValueError:
                    res[key + k] = v
    return res


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def spread(values):
    values = [v for v in values if v is not None]
    return (min(values), max(values)) if values else (float("nan"), float("nan"))


# ---------------------------------------------------------------- the measurements

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


def start_bare_proxy(java25):
    """The issue's calibration proxy, as the issue describes it: JDK 25, SerialGC, 128 MB heap,
    two event loops (its own main). Compiled against the gateway's jar, which carries Vert.x."""
    out = os.path.join(WORK, "bare")
    javac = os.path.join(os.path.dirname(java25), "javac") if os.sep in java25 else "javac"
    sh([javac, "-nowarn", "-cp", JAR, "-d", out, os.path.join(ROOT, "bench", "BareProxy.java")])
    p = start("bare", [java25, "-XX:+UseSerialGC", "-Xmx128m", "-cp", f"{JAR}:{out}", "BareProxy"])
    deadline = time.time() + 30
    while True:
        try:
            post(BARE, "/", body("bench-nginx"))
            return p
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


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

def fmt(x, digits=2):
    return "n/a" if x is None or x != x else f"{x:.{digits}f}"


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


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--latency-only", action="store_true",
                    help="run only the added-latency measurement (nothing is written to BENCHMARKS.md)")
    ap.add_argument("--throughput-only", action="store_true",
                    help="only the throughput bar against the bare proxy, --runs rounds (nothing is written)")
    ap.add_argument("--streaming-only", action="store_true",
                    help="only time to first token, through the gateway and the bare proxy (nothing is written)")
    ap.add_argument("--guardrails-only", action="store_true",
                    help="run only the guardrail scenario (nothing is written to BENCHMARKS.md)")
    # Default: whatever the README's command uses on this machine (JAVA_HOME, else java on PATH).
    ap.add_argument("--java", default=os.environ.get("JAVA_HOME", ""),
                    help="JAVA_HOME for the gateway (default: the launcher's own choice)")
    args = ap.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            log(f"installing {tool} from Debian…")
            subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light",
                           shell=True, check=True)
    java25 = os.path.join(JDK25, "bin", "java") if os.path.isdir(JDK25) else "java"
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    if not args.no_build:
        log("building…")
        sh([os.path.join(ROOT, "mvnw"), "-q", "-B", "-ntp", "-DskipTests", "package"], cwd=ROOT)
    shutil.copy(BUILT_JAR, JAR)
    if not os.path.exists(HDR):
        sh([os.path.join(ROOT, "mvnw"), "-q", "dependency:get", "-Dartifact=org.hdrhistogram:HdrHistogram:2.2.2"], cwd=ROOT)
    try:
        if args.latency_only:
            setup_upstreams(java25)
            start_gateway(args.java)
            start_bare_proxy(java25)
            for port, path in ((GATEWAY, "/v1/chat/completions"), (BARE, "/")):
                wrk(f"http://127.0.0.1:{port}{path}", body("bench-nginx"), 32, 30 if port == GATEWAY else 60)
            log("added latency…")
            wrk_runs, paired, cpaired, cbare = measure_added_latency(java25, args.runs, args.quick)
            print("\n".join(paired_rows("bench/paired_latency.c (C)", cpaired)
                            + paired_rows("bench/PairedLatency.java", paired)
                            + paired_rows("bare proxy (calibration), bench/paired_latency.c", cbare)))
            for r in wrk_runs:
                print("wrk", {k: r[k].get("p99") for k in ("direct", "gateway")})
            return
        if args.throughput_only:
            setup_upstreams(java25)
            gw = start_gateway(args.java)
            bare = start_bare_proxy(java25)
            # Both JITs need up to a minute of load on two shared cores before C2 goes quiet.
            for port, path in ((GATEWAY, "/v1/chat/completions"), (BARE, "/")):
                wrk(f"http://127.0.0.1:{port}{path}", body("bench-nginx"), 32, 10 if args.quick else 60)
            print(report_bar(measure_bar(gw.pid, bare.pid, args.runs)))
            return
        if args.streaming_only:
            setup_upstreams(java25)
            start_gateway(args.java)
            start_bare_proxy(java25)
            for port, path in ((GATEWAY, "/v1/chat/completions"), (BARE, "/")):
                wrk(f"http://127.0.0.1:{port}{path}", body("bench-nginx"), 32, 10 if args.quick else 30)
            ttft, ttft_bare, gaps, _ = measure_streaming(java25, True)
            for label, r in (("gateway", ttft), ("bare proxy", ttft_bare)):
                print(f"TTFT added through the {label}: p50 {fmt(r.get('ttft_added_by_percentile_p50', 0) / 1000, 3)} ms, "
                      f"p99 {fmt(r.get('ttft_added_by_percentile_p99', 0) / 1000, 3)} ms, pairwise p50 "
                      f"{fmt(r.get('ttft_added_pairwise_p50', 0) / 1000, 3)} ms")
            print(f"batched events: gateway {int(gaps.get('batched_gateway', 0))} of {int(gaps.get('events_gateway', 0))}")
            return
        if args.guardrails_only:
            setup_upstreams(java25)
            start_gateway(args.java)
            log("guardrails…")
            print(report_guardrails(measure_guardrails(java25, args.java, args.runs, args.quick)))
            return
        log("start-up…")
        startup = measure_startup(args.java, 3 if args.quick else 5)
        log(f"  {startup}")
        setup_upstreams(java25)
        gw = start_gateway(args.java)
        # Idle: 5 s after start, once the launcher's periodic native-heap trim (every 3 s) has run.
        time.sleep(5)
        idle = proc_status(gw.pid, "VmRSS")
        log(f"idle RSS {idle} MB; warming up…")
        # The JIT needs about half a minute of load on two shared cores to reach steady state (the
        # bare proxy, the calibration, a minute: its C2 compiler stays busy for about 40 s).
        wrk(f"http://127.0.0.1:{GATEWAY}/v1/chat/completions", body("bench-nginx"), 32, 10 if args.quick else 30)
        post(GATEWAY, "/v1/chat/completions", body("bench-nginx-sse", stream=True))
        bare = start_bare_proxy(java25)
        wrk(f"http://127.0.0.1:{BARE}/", body("bench-nginx"), 32, 10 if args.quick else 60)
        log("added latency…")
        wrk_runs, paired, cpaired, cbare = measure_added_latency(java25, args.runs, args.quick)
        log("throughput…")
        table, peak = measure_throughput(gw.pid, args.quick)
        log("the throughput bar, against the bare proxy…")
        bar = measure_bar(gw.pid, bare.pid, args.runs)
        log("streaming…")
        ttft, ttft_bare, gaps, capacity = measure_streaming(java25, args.quick)
        bare.send_signal(signal.SIGTERM)
        log("open breaker…")
        opened = measure_open_breaker(args.quick)
        time.sleep(5)
        after = proc_status(gw.pid, "VmRSS")
        log("guardrails…")
        guarded = measure_guardrails(java25, args.java, args.runs, args.quick)
        text = report(facts(args.java, gw.pid), startup, wrk_runs, paired, table, peak, ttft, ttft_bare, gaps,
                      capacity, idle, after, opened, cpaired, cbare) + "\n\n" + report_bar(bar) + "\n\n" + report_guardrails(guarded)
        print(text)
        if not args.quick:
            update_benchmarks_md(text)
            log("BENCHMARKS.md updated")
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":
    main()
