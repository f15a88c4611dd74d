#!/usr/bin/env python3
"""Where a gateway's CPU per exchange goes, from `perf script -F comm,ip,sym,dso` on stdin (a perf record -g of the
gateway process, with DOTNET_PerfMapEnabled=1 so JIT-compiled frames have names).

Each sample is charged to the innermost frame of its stack that names a known component (so work a component does in
the base library, the runtime or the kernel on its behalf is charged to it); samples with no such frame are charged
to the kernel, the GC threads or left unattributed. Async continuations run under the frames of whatever resumed them,
so the split is approximate; compare the same component across runs, not components with each other.

usage: exchange-profile.py <samples-per-second> <exchanges-in-the-window> < perf-script-output
"""
import collections
import re
import sys

COMPONENTS = [
    ("telemetry: OpenTelemetry SDK", r"OpenTelemetry"),
    ("telemetry: activities, meters, HttpClient diagnostics", r"System\.Diagnostics\.(Activity|DiagnosticListener|DiagnosticSource|Metrics)|HostingApplicationDiagnostics|HostingMetrics|DiagnosticsHandler|MetricsHandler"),
    ("telemetry: gateway (TelemetryMiddleware, masking)", r"Splp\.Gateway\.Telemetry"),
    ("resilience: Polly", r"Polly\."),
    ("resilience: gateway", r"Splp\.Gateway\.Resilience"),
    ("ops activity", r"Splp\.Gateway\.Ops"),
    ("identity: gateway", r"Splp\.Gateway\.(Auth|Consumers)"),
    ("rate limiting", r"Splp\.Gateway\.RateLimiting"),
    ("caching", r"Splp\.Gateway\.Caching"),
    ("exchange log", r"Splp\.(Gateway\.)?ExchangeLog"),
    ("contracts, adapters, other gateway steps", r"Splp\."),
    ("ASP.NET Core authentication", r"Microsoft\.AspNetCore\.Authentication|Microsoft\.IdentityModel|System\.IdentityModel"),
    ("ASP.NET Core authorization", r"Microsoft\.AspNetCore\.Authorization"),
    ("ASP.NET Core routing", r"Microsoft\.AspNetCore\.Routing"),
    ("YARP", r"Yarp\."),
    ("HttpClient (upstream calls)", r"System\.Net\.Http"),
    ("Kestrel and hosting", r"Kestrel|Microsoft\.AspNetCore\.Hosting|Microsoft\.AspNetCore\.Http"),
    ("sockets", r"System\.Net\.Sockets"),
    ("thread pool, async machinery", r"System\.Threading"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in COMPONENTS]


def charge(comm, stack):
    for frame in stack:
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name
    if comm.startswith(".NET Server GC") or comm.startswith(".NET BGC"):
        return "GC threads"
    if stack and "[kernel" in stack[0]:
        return "kernel, no managed frame"
    return "unattributed"


def main():
    rate, exchanges = float(sys.argv[1]), float(sys.argv[2])
    counts, total, comm, stack = collections.Counter(), 0, None, []
    for line in sys.stdin:
        if not line.strip():
            if comm is not None:
                counts[charge(comm, stack)] += 1
                total += 1
            comm, stack = None, []
        elif line[0] in " \t":
            stack.append(line.strip())
        else:
            comm = line[:16]
    if comm is not None:
        counts[charge(comm, stack)] += 1
        total += 1
    if total == 0:
        sys.exit("no samples")
    per_exchange = 1e6 / rate / exchanges
    print(f"| component | share of the gateway's CPU | µs per exchange |\n|---|---:|---:|")
    for name, count in counts.most_common():
        print(f"| {name} | {100 * count / total:.1f} % | {count * per_exchange:.1f} |")
    print(f"| **total** ({total} samples) | 100 % | **{total * per_exchange:.1f}** |")


if __name__ == "__main__":
    main()
