#!/usr/bin/env bash
# Benchmark: walk of the SNMP guest table (default 1000 guests) through real snmpd.
# Needs Debian's snmpd and snmp packages. Prints times and ratios; asserts nothing.
#   bash bench/snmp/run.sh [guests]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec dotnet run -c Release --project "$here/SnmpWalkBench/SnmpWalkBench.csproj" -- "${1:-1000}"
