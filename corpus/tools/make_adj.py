#!/usr/bin/env python3
"""make_adj.py NAME wNN ...: write tasks/adj-NAME.tsv with every message where the writer's and the blind labels differ."""
import sys, re, zlib
LAB = lambda s: sorted(set(x.strip() for x in s.split(",") if x.strip() and x.strip() != "-"))
name, ws = sys.argv[1], sys.argv[2:]
out = open(f"/work/corpus-tools/tasks/adj-{name}.tsv", "w")
n = 0
for w in ws:
    blind = {}
    for l in open(f"/work/main/corpus/blind/{w}.tsv"):
        f = l.rstrip("\n").split("\t")
        if len(f) >= 2 and not l.startswith("#"): blind[f[0]] = LAB(f[1])
    group = None; k = 0; ctx = ""
    for line in open(f"/work/main/corpus/written/{w}.txt", encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip(): continue
        if line.startswith("## "):
            kv = dict(p.split("=", 1) for p in line[3:].split() if "=" in p)
            group = kv["g"]; k = 0
            ctx = " ".join(f"{a}={kv[a]}" for a in ["rel","ended","since","channel","initiates"])
            continue
        if line.startswith("#"): continue
        labels, text = line.split(" | ", 1)
        k += 1
        mid = f"{group}-{k:02d}"
        wl = LAB(labels); bl = blind.get(mid)
        if bl is None or wl == bl: continue
        a, b = (wl, bl) if zlib.crc32(mid.encode()) % 2 else (bl, wl)
        out.write(f"{mid}\t{ctx}\tA={','.join(a)}\tB={','.join(b)}\t{text.strip()}\n"); n += 1
print(n, "disagreements")
