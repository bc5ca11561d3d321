#!/usr/bin/env python3
"""check_blind.py wNN : check /work/main/corpus/blind/wNN.tsv against tasks/wNN.tsv."""
import sys
LABELS = {"needy","past","false_hope","accusatory_you","insult","threat","shouting","pressure","logistics","calm_closure","calm_reply"}
w = sys.argv[1]
ids = [l.split("\t",1)[0] for l in open(f"/work/corpus-tools/tasks/{w}.tsv") if not l.startswith("#") and l.strip()]
got = {}; errs = 0
for i, l in enumerate(open(f"/work/main/corpus/blind/{w}.tsv"), 1):
    l = l.rstrip("\n")
    if not l.strip() or l.startswith("#"): continue
    f = l.split("\t")
    if len(f) < 2: print(f"line {i}: want id<TAB>labels"); errs += 1; continue
    if f[0] in got: print(f"line {i}: {f[0]} labelled twice"); errs += 1
    ls = [x.strip() for x in f[1].split(",") if x.strip() and x.strip() != "-"]
    bad = [x for x in ls if x not in LABELS]
    if bad: print(f"line {i}: unknown labels {bad}"); errs += 1
    if not ls: print(f"line {i}: {f[0]} has no label (a sendable message gets logistics, calm_closure or calm_reply)"); errs += 1
    got[f[0]] = ls
missing = [x for x in ids if x not in got]
extra = [x for x in got if x not in set(ids)]
if missing: print(f"{len(missing)} ids not labelled yet, first: {missing[:5]}"); errs += 1
if extra: print(f"unknown ids: {extra[:5]}"); errs += 1
print(f"{len(got)} of {len(ids)} labelled; " + ("OK" if errs == 0 else f"{errs} problem(s)"))
