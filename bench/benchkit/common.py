"""Shared by the benchmark's modules: ports, paths, processes, HTTP helpers, wrk, the Java clients, statistics."""
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request



# bench/benchkit/common.py → the repository root, three levels up.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
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

def fmt(x, digits=2):
    return "n/a" if x is None or x != x else f"{x:.{digits}f}"
