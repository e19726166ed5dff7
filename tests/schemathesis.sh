#!/usr/bin/env bash
# Contract test: schemathesis (PyPI) against `lsc serve --seed demo`, driven by the OpenAPI
# document the server builds from its own handlers. Every endpoint must answer as documented
# (status, content type, body schema) and never with a 5xx. Prints how many cases ran.
#   bash tests/schemathesis.sh            (builds lsc if needed, wherever the target dir is)
set -euo pipefail
cd "$(dirname "$0")/.."
ST_VERSION=4.32.5
if ! command -v schemathesis >/dev/null || ! schemathesis --version 2>/dev/null | grep -q "$ST_VERSION"; then
    python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi
# Cargo says where it put the binary: CARGO_TARGET_DIR, a config's target-dir, or target/.
LSC=$(cargo build --locked --quiet --bin lsc --message-format=json | python3 -c '
import json, sys
exe = [m["executable"] for m in map(json.loads, sys.stdin)
       if m.get("reason") == "compiler-artifact" and m.get("executable")]
print(exe[-1])')
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$LSC" serve --seed demo --db "$work/ls.db" --bind "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
    sleep 0.1
done
usr=$(printf 'demo-manager' | "$LSC" usr --login 0002 --token demo-manager-token --password-stdin)
# A demo aggregator license, so the White Server check is exercised past its 401.
lic=5f0c0001-1d2e-4c3b-9a8f-000000000001
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
run() {
    schemathesis run "http://127.0.0.1:$port/api/openapi.json" \
        -H "usr: $usr" -H "AggregatorAuthentication: $lic" \
        --checks "$checks" --max-examples "${ST_MAX_EXAMPLES:-30}" \
        --generation-deterministic --continue-on-failure --no-color "$@" 2>&1 | tee -a "$work/st.out"
}
# Renewing a token ends the credentials in use, so that endpoint runs last, on its own. The event
# stream never ends (it is no request-response): tests/api/audit.rs covers it.
rc=0
run --exclude-path '/api/users/{login}/api-token' --exclude-path '/api/events' || rc=$?
run --include-path '/api/users/{login}/api-token' || rc=$?
cases=$(grep -Eo '[0-9]+ generated' "$work/st.out" | awk '{s+=$1} END {print s+0}')
if [ "$rc" -ne 0 ]; then
    echo "schemathesis: FAILED ($cases cases ran)"
    exit "$rc"
fi
echo "schemathesis: $cases cases ran against every endpoint, no failures"
