#!/usr/bin/env python3
"""Validate a corpus/written/wNN.txt file (block format). Usage: validate.py FILE"""
import sys, re, collections
LABELS = {"needy","past","false_hope","accusatory_you","insult","threat","shouting","pressure","logistics","calm_closure","calm_reply"}
PROBLEM = {"needy","past","false_hope","accusatory_you","insult","threat","shouting","pressure"}
KEYS = {"g":None,"rel":{"co_parent","romantic_ex","divorced","fling"},"ended":{"me","them","mutual","unclear"},
        "since":{"days","weeks","months","years"},"channel":{"sms","whatsapp","email","app"},
        "register":{"plain","textspeak","lowercase","nopunct","allcaps","emoji","formal","legalese","nonnative"},
        "initiates":{"yes","no"}}
path = sys.argv[1]
errs = 0; n = 0; groups = set(); texts = collections.Counter(); lab = collections.Counter(); sendable = 0; hdr = None
prefix = re.match(r"(w\d\d)", path.split("/")[-1]).group(1)
for i, line in enumerate(open(path, encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#") and not line.startswith("## "):
        continue
    if line.startswith("## "):
        kv = dict(p.split("=",1) for p in line[3:].split() if "=" in p)
        for k, allowed in KEYS.items():
            if k not in kv: print(f"{path}:{i}: header lacks {k}="); errs += 1
            elif allowed and kv[k] not in allowed: print(f"{path}:{i}: {k}={kv[k]} not one of {sorted(allowed)}"); errs += 1
        g = kv.get("g","")
        if not re.fullmatch(prefix + r"-\d{3}", g): print(f"{path}:{i}: group id {g!r} must look like {prefix}-001"); errs += 1
        if g in groups: print(f"{path}:{i}: group {g} repeated"); errs += 1
        groups.add(g); hdr = kv; continue
    if hdr is None: print(f"{path}:{i}: message before any ## header"); errs += 1; continue
    if " | " not in line: print(f"{path}:{i}: want 'labels | text'"); errs += 1; continue
    ls, text = line.split(" | ", 1)
    ls = [l.strip() for l in ls.split(",")]
    bad = [l for l in ls if l not in LABELS]
    if bad: print(f"{path}:{i}: unknown label(s) {bad}"); errs += 1
    if not text.strip(): print(f"{path}:{i}: empty text"); errs += 1
    if len(text) > 700: print(f"{path}:{i}: text longer than 700 chars"); errs += 1
    if "calm_reply" in ls and hdr.get("initiates") == "yes": print(f"{path}:{i}: calm_reply in a group that initiates"); errs += 1
    key = re.sub(r"\W+", " ", text.lower()).strip()
    texts[key] += 1
    if texts[key] == 2: print(f"{path}:{i}: duplicate text {text[:60]!r}"); errs += 1
    n += 1; lab.update(ls)
    if not (set(ls) & PROBLEM): sendable += 1
print(f"{n} messages in {len(groups)} groups; sendable {sendable} ({100*sendable/max(n,1):.0f}%)")
for l in sorted(LABELS): print(f"  {l:15} {lab[l]}")
print("OK" if errs == 0 else f"{errs} problem(s)")
sys.exit(1 if errs else 0)
