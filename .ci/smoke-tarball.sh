#!/usr/bin/env bash
# The tarball unpacks and starts in a clean directory with only a JDK (no Maven, no sources).
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=$(ls dist/target/telegate-*.tar.gz | head -1)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
home=$(ls -d "$work"/telegate-*)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
export TELEGATE_GRPC_ENDPOINT="127.0.0.1:$(free_port)" TELEGATE_HTTP_ENDPOINT="127.0.0.1:$(free_port)"
export TELEGATE_HEALTH_ENDPOINT="127.0.0.1:$(free_port)" TELEGATE_METRICS_ADDRESS="127.0.0.1:$(free_port)"
cd "$work"
PATH="/usr/bin:/bin" "$home/bin/telegate" validate --config "$home/config/quickstart.yaml"
PATH="/usr/bin:/bin" "$home/bin/telegate" run --config "$home/config/quickstart.yaml" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://$TELEGATE_METRICS_ADDRESS/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
  sleep 0.5
done
curl -sf "http://$TELEGATE_METRICS_ADDRESS/health/ready" >/dev/null || { echo "tarball: not ready"; cat "$work/log"; exit 1; }
kill -TERM "$pid"; code=0; wait "$pid" || code=$?
[ "$code" = 0 ] || { echo "tarball: exit $code"; cat "$work/log"; exit 1; }
echo "smoke: $(basename "$tarball") unpacked, validated, ready, SIGTERM exit 0"
