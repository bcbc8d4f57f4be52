#!/usr/bin/env bash
# The README's first command on this clone: bin/telegate on config/quickstart.yaml must become
# ready, serve otelcol_ metrics, and exit 0 on SIGTERM. Uses free ports on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
export TELEGATE_GRPC_ENDPOINT="127.0.0.1:$(free_port)"
export TELEGATE_HTTP_ENDPOINT="127.0.0.1:$(free_port)"
export TELEGATE_HEALTH_ENDPOINT="127.0.0.1:$(free_port)"
export TELEGATE_METRICS_ADDRESS="127.0.0.1:$(free_port)"
log="$(mktemp)"

bin/telegate run --config config/quickstart.yaml >"$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true' EXIT

ready=""
for _ in $(seq 1 240); do
  if curl -sf "http://$TELEGATE_METRICS_ADDRESS/health/ready" >/dev/null 2>&1; then ready=yes; break; fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 0.5
done
if [ -z "$ready" ]; then echo "smoke: gateway did not become ready"; cat "$log"; exit 1; fi
start_ms=$(grep -m1 -o '"time":"[^"]*"' "$log" | head -1 || true)
# The body is read whole first: `curl | grep -q` under pipefail fails when grep stops at its
# match before curl has written everything (curl then exits 23 on the closed pipe).
metrics="$(curl -sf "http://$TELEGATE_METRICS_ADDRESS/metrics" || true)"
grep -q '^otelcol_process_uptime' <<<"$metrics" \
  || { echo "smoke: no otelcol_ metrics"; printf '%s\n' "$metrics" | head -20; exit 1; }
kill -TERM "$pid"
code=0; wait "$pid" || code=$?
trap - EXIT
if [ "$code" != 0 ]; then echo "smoke: exit code $code after SIGTERM"; cat "$log"; exit 1; fi
echo "smoke: quickstart ready, metrics served, SIGTERM exit 0 (first log line $start_ms)"
