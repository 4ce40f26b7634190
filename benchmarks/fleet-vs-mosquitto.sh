#!/usr/bin/env bash
# The fleet simulator's publishing rate against Mosquitto's own client, in the same run
# (issue 6): mosquitto_pub on as many connections as the fleet uses, same payload size, QoS 1,
# then the fleet pre-signed and signing live. Prints each rate and the ratios.
#   benchmarks/fleet-vs-mosquitto.sh [messages] [connections]   (defaults 200000 4)
# Needs Mosquitto on 127.0.0.1:1883 and mosquitto_pub (Debian: mosquitto-clients).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
messages=${1:-200000}
connections=${2:-4}
command -v mosquitto_pub >/dev/null || { echo "needs mosquitto_pub (apt-get install mosquitto-clients)" >&2; exit 2; }

rate_of() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

# 1. Mosquitto's client: one process per connection, same payload size as the fleet's readings.
payload=$(head -c 400 /dev/urandom | base64 -w0 | head -c 214)
per=$((messages / connections))
start=$(date +%s.%N)
for _ in $(seq "$connections"); do
  mosquitto_pub -h 127.0.0.1 -p 1883 -q 1 -t tracemark/v1/devices/bench/readings -m "$payload" --repeat "$per" &
done
wait
end=$(date +%s.%N)
mosq=$(rate_of $((per * connections)) "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
echo "mosquitto_pub x$connections: $((per * connections)) messages of 214 bytes, QoS 1: $mosq messages/s"

# 2. The fleet, pre-signed (only publishing is timed), then signing live for 10 s.
pre=$("$root/tracemark" agent fleet --devices 1000 --presign --messages "$messages" --connections "$connections" | tail -1)
echo "$pre"
live=$("$root/tracemark" agent fleet --devices 1000 --duration 10s --connections "$connections" | tail -1)
echo "$live"
pre_rate=$(sed -E 's/.*= ([0-9,]+) messages\/s.*/\1/' <<<"$pre" | tr -d ,)
live_rate=$(sed -E 's/.*= ([0-9,]+) messages\/s.*/\1/' <<<"$live" | tr -d ,)
awk -v p="$pre_rate" -v l="$live_rate" -v m="$mosq" 'BEGIN {
  printf "ratios to mosquitto_pub: pre-signed %.2f, signing live %.2f\n", p / m, l / m }'
