"""The processes a run measures: nginx and the simulators, the gateway (through the README's launcher) and the bare proxy."""
import os
import time
from benchkit.common import (
    BARE, GATEWAY, JAR, NGINX, ROOT, SIM, SIM50, SIMSTREAM, WORK, body, post, sh, start,
    wait_http, write)


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
