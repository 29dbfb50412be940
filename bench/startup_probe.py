#!/usr/bin/env python3
"""Start a command and time it to the first 200 of GET /health and of one chat completion.

Polls from this one process (no curl per attempt), so the probe does not steal the CPU the
starting JVM needs. Usage: startup_probe.py PORT MODEL -- command args...
Prints: health_ms chat_ms. Stops the process with SIGTERM afterwards.
"""
import json, signal, socket, subprocess, sys, time

def request(port, method, path, body=b""):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        s.sendall(head.encode() + body)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        return int(data.split(b" ", 2)[1])

def main():
    port, model = int(sys.argv[1]), sys.argv[2]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    health = chat = None
    try:
        while time.monotonic() - t0 < 30:
            try:
                if request(port, "GET", "/health") == 200:
                    health = time.monotonic() - t0
                    break
            except OSError:
                time.sleep(0.002)
        body = json.dumps({"model": model, "messages": [{"role": "user", "content": "hi"}]}).encode()
        if request(port, "POST", "/v1/chat/completions", body) == 200:
            chat = time.monotonic() - t0
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"{health * 1000:.0f} {chat * 1000:.0f}" if health and chat else "failed")

if __name__ == "__main__":
    main()
