#!/usr/bin/env python3
"""Summarises a dotnet-trace profile of the product by ingest stage (bench/README.md, "Where the CPU goes").

    dotnet-trace collect -p <pid> --profile dotnet-sampled-thread-time --duration 00:00:00:15 --format Speedscope -o t.nettrace
    python3 bench/trace-stages.py t.speedscope.json [top-frames]

Only samples whose innermost frame is CPU_TIME count as CPU; of those, the socket event loop's native frames
(epoll_wait) and frames that are waits are counted as idle. Each CPU sample goes to the first stage of STAGES with a
frame on the stack, so Npgsql's socket writes count as writer, not HTTP.
"""
import json, sys, re, collections
doc = json.load(open(sys.argv[1]))
frames = [f['name'] for f in doc['shared']['frames']]
STAGES = [  # (stage, regex) in priority order
    ('trace summaries', re.compile(r'TraceSummaryLedger|TraceSummaryAccumulator|TraceSummaryCopyFormat|TraceSpanFacts')),
    ('rollups', re.compile(r'RollupLedger|RollupAggregate|ModelUsage|DDSketch|Sketch')),
    ('writer: span COPY / Npgsql', re.compile(r'SpanCopyFormat|SpanWriter|Npgsql')),
    ('decode (protobuf)', re.compile(r'OtlpProtobufDecoder|Google\.Protobuf|OtlpIds|OtlpValues')),
    ('normalize (SpanRecordFactory)', re.compile(r'SpanRecordFactory|Observatory\.Core\.(Normalization|Dialects|Pricing|Redaction|Spans)|CostCalculator|PriceCatalog|Redact')),
    ('grain calls (Orleans)', re.compile(r'^Orleans\.|GrainIngestor|IngestGrain')),
    ('HTTP / Kestrel / gRPC', re.compile(r'Microsoft\.AspNetCore|System\.Net\.|Grpc\.|OtlpHttpEndpoint|TraceExportService|PooledBody')),
    ('live streams / observers', re.compile(r'IIngestCommitObserver|Live')),
    ('GC / runtime', re.compile(r'GC|gc_heap|Garbage')),
]
WAIT = re.compile(r'Wait|Sleep|epoll|LowLevelLifoSemaphore|SpinWait|Monitor\.Enter|UNMANAGED_CODE_TIME|Semaphore|Thread\.Join|poll|futex|BlockingCollection|ManualResetEvent|WaitHandle')
tot = collections.Counter(); idle = 0.0; busy = 0.0
leafs = collections.Counter()
for prof in doc['profiles']:
    if prof['type'] == 'sampled':
        items = zip(prof['samples'], prof['weights'])
    else:  # evented: rebuild stacks
        items = []
        stack = []; last = None
        for ev in prof['events']:
            if last is not None and stack:
                items.append((list(stack), ev['at'] - last))
            last = ev['at']
            if ev['type'] == 'O': stack.append(ev['frame'])
            else:
                if stack and stack[-1] == ev['frame']: stack.pop()
                elif ev['frame'] in stack: stack.remove(ev['frame'])
    for stack, w in items:
        names = [frames[i] for i in stack]
        if not names: continue
        leaf = names[-1]
        if leaf == 'CPU_TIME' and len(names) > 1:
            names = names[:-1]; leaf = 'CPU_TIME'
        # the socket event loop in native code is epoll_wait: idle, though the sampler calls it CPU
        if leaf == 'CPU_TIME' and names[-1] == '?!?' and any('SocketAsyncEngine.EventLoop' in n for n in names):
            idle += w; continue
        if WAIT.search(leaf):
            idle += w; continue
        busy += w
        stage = next((s for s, rx in STAGES if any(rx.search(n) for n in names)), 'other')
        leafs[(stage, names[-1])] += w
        tot[stage] += w
print(f"non-idle weight {busy:.0f}, idle (wait leaf) {idle:.0f}")
for s, w in tot.most_common():
    print(f"{s:32s} {100*w/busy:5.1f} %")
print("\ntop leaf frames (non-idle):")
for (st, l), w in leafs.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 25):
    print(f"{100*w/busy:5.1f} %  [{st}] {l[:140]}")
