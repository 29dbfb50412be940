#!/usr/bin/env bash
# Drives the real Claude Code CLI through the gateway's Anthropic-compatible /v1/messages, with the
# model served by an OpenAI-format upstream (the project's simulator), so every request and every
# streamed answer goes through the translation both ways, and again by an Anthropic-format
# upstream (the simulator's Messages API), where the request passes through. Two checks each:
#   1. a plain answer (no tools);
#   2. an agent turn: the model calls a tool, Claude Code runs it and sends the tool_result back,
#      the model answers in words.
# Not part of the test suite: it downloads Claude Code (about 380 MB) from the npm registry once,
# into ${CLAUDE_CODE_DIR:-$HOME/.cache/switchboard-claude-code}.
#
# Usage: scripts/claude-code-check.sh        (builds the jar if it is missing)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${CLAUDE_CODE_DIR:-$HOME/.cache/switchboard-claude-code}"
gw_port="${GATEWAY_PORT:-18600}"
sim_port="${SIMULATOR_PORT:-18601}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$dir/node_modules/.bin/claude" ]; then
  echo "installing Claude Code into $dir (once)…"
  mkdir -p "$dir"
  (cd "$dir" && npm install --silent @anthropic-ai/claude-code >/dev/null \
    && node node_modules/@anthropic-ai/claude-code/install.cjs >/dev/null 2>&1 || true)
fi
claude="$dir/node_modules/.bin/claude"
echo "Claude Code $("$claude" --version)"

[ -f "$here/target/switchboard.jar" ] || (cd "$here" && ./mvnw -q -DskipTests package)

cat > "$work/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: $gw_port}
providers:
  sim: {type: openai, base_url: "http://127.0.0.1:$sim_port/v1"}
  sim-anthropic: {type: anthropic, base_url: "http://127.0.0.1:$sim_port", api_key: sk-ant-check}
models:
  claude-via-openai: {deployments: [{provider: sim, model: gpt-4o-mini}]}
  claude-via-anthropic: {deployments: [{provider: sim-anthropic, model: claude-sonnet-4-5}]}
YAML
"$here/switchboard" mock --port "$sim_port" --event-loops 1 >"$work/sim.log" 2>&1 &
pids+=($!)
"$here/switchboard" --config "$work/gateway.yaml" >"$work/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$gw_port/health" >/dev/null \
      && curl -sf "http://127.0.0.1:$sim_port/v1/models" >/dev/null; then
    break
  fi
  sleep 0.5
done

export ANTHROPIC_BASE_URL="http://127.0.0.1:$gw_port" ANTHROPIC_API_KEY=sk-check \
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_TELEMETRY=1 HOME="$work/home" \
  ANTHROPIC_DEFAULT_HAIKU_MODEL=claude-via-openai ANTHROPIC_SMALL_FAST_MODEL=claude-via-openai \
  ANTHROPIC_DEFAULT_SONNET_MODEL=claude-via-openai ANTHROPIC_DEFAULT_OPUS_MODEL=claude-via-openai
mkdir -p "$HOME"
cd "$work"
echo "a note for the check" > note.txt

check() {  # name, model, expected turns, prompt, claude options…
  local name="$1" model="$2" turns="$3" prompt="$4"
  shift 4
  # The prompt goes first: --tools takes every argument after it.
  timeout 120 "$claude" -p "$prompt" --model "$model" --output-format stream-json \
    --verbose "$@" \
    >"$work/$name.jsonl" 2>"$work/$name.err" || true
  python3 - "$work/$name.jsonl" "$name" "$turns" <<'PY'
import json, sys
path, name, turns = sys.argv[1], sys.argv[2], int(sys.argv[3])
events = [json.loads(l) for l in open(path) if l.startswith("{")]
result = next((e for e in events if e.get("type") == "result"), None)
tools = [b for e in events if e.get("type") == "assistant"
         for b in e["message"]["content"] if b.get("type") == "tool_use"]
ok = (result is not None and result.get("subtype") == "success" and not result.get("is_error")
      and "simulated response" in (result.get("result") or "")
      and result.get("num_turns") == turns and (turns == 1 or tools))
print(("PASS" if ok else "FAIL") + f" {name}: turns={result and result.get('num_turns')}"
      f" tool_calls={len(tools)} answer={(result or {}).get('result', '')[:60]!r}")
sys.exit(0 if ok else 1)
PY
}
status=0
for model in claude-via-openai claude-via-anthropic; do
  check "$model-plain-answer" "$model" 1 "Say hello" --tools "" || status=1
  check "$model-agent-turn" "$model" 2 "Read note.txt" --tools Read || status=1
done
if [ "$status" -ne 0 ]; then
  tail -3 "$work"/*.err "$work/gateway.log"
fi
exit "$status"
