#!/usr/bin/env python3
"""make_tasks.py wNN ... : write tasks/wNN.tsv (id, text) with group context lines, no labels."""
import sys, re
for w in sys.argv[1:]:
    src = f"/work/main/corpus/written/{w}.txt"
    out = open(f"/work/corpus-tools/tasks/{w}.tsv", "w")
    group = None; k = 0
    for line in open(src, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip(): continue
        if line.startswith("## "):
            kv = dict(p.split("=", 1) for p in line[3:].split() if "=" in p)
            group = kv["g"]; k = 0
            ctx = " ".join(f"{a}={kv[a]}" for a in ["rel","ended","since","channel","initiates"])
            out.write(f"# group {group}: {ctx}\n")
            continue
        if line.startswith("#"): continue
        labels, text = line.split(" | ", 1)
        k += 1
        out.write(f"{group}-{k:02d}\t{text.strip()}\n")
    out.close()
