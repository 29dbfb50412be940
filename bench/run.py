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
BENCHMARKS.md between the result markers. The parts live in bench/benchkit/: common (ports,
processes, wrk), upstreams (what is started), measure, report.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchkit.common import (  # noqa: E402
    BARE, BUILT_JAR, GATEWAY, HDR, JAR, JDK25, ROOT, WORK, body, fmt, log, post,
    proc_status, procs, sh, wrk)
from benchkit.upstreams import setup_upstreams, start_bare_proxy, start_gateway  # noqa: E402
from benchkit.measure import (  # noqa: E402
    measure_added_latency, measure_bar, measure_guardrails, measure_open_breaker,
    measure_startup, measure_streaming, measure_throughput)
from benchkit.report import (  # noqa: E402
    facts, paired_rows, report, report_bar, report_guardrails, update_benchmarks_md)


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
