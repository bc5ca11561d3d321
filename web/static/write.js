// The Write page: checks the draft as it is typed (POST /api/v1/check),
// marks the flagged words in place, lists findings with one-click
// replacements, and shows the verdict, the not-before time and a rewrite.
"use strict";
(function () {
  const { api, wallClock } = window.steady;
  const $ = (id) => document.getElementById(id);
  const form = $("write"), draft = $("draft"), hl = $("highlights");
  if (!form || !draft) return;
  const result = $("result"), errBox = $("check-error"), status = $("action-status");
  // verdictStatus is the one live region for the verdict: small and always
  // in the page, so a screen reader hears the first verdict, and written
  // only when the verdict changes, so it does not re-read the findings
  // after every pause in typing.
  const verdictStatus = $("verdict-status");

  let last = null;       // {text, res} of the newest answer
  let announced = "";    // the verdict verdictStatus last said
  let seq = 0, timer = 0, inflight = null;

  function request() {
    const req = { text: draft.value, goal: form.goal.value, mood: form.mood.value, contact: form.contact.value };
    if (form.reply.value === "yes") req.reply = true;
    if (form.reply.value === "no") req.reply = false;
    return req;
  }

  // utf16At maps the analyzer's byte offsets to the textarea's UTF-16
  // indexes: at[b] is the index of byte b (for every character boundary).
  function utf16At(text) {
    const at = new Map();
    let b = 0, i = 0;
    for (const ch of text) {
      at.set(b, i);
      const cp = ch.codePointAt(0);
      b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += ch.length;
    }
    at.set(b, i);
    return at;
  }

  function esc(s) {
    return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  }

  function spans(text, res) {
    const at = utf16At(text);
    const out = [];
    res.findings.forEach((f, n) => {
      if (f.start === 0 && f.end === 0) return;
      const s = at.get(f.start), e = at.get(f.end);
      if (s === undefined || e === undefined || e <= s) return;
      out.push({ s, e, f, n });
    });
    return out;
  }

  function paintHighlights(text, res) {
    if (!res) { hl.innerHTML = esc(text) + "\n"; return; }
    const sp = spans(text, res).sort((a, b) => a.s - b.s);
    let html = "", pos = 0;
    for (const x of sp) {
      if (x.s < pos) continue; // overlapping: the first one wins
      html += esc(text.slice(pos, x.s)) + '<mark class="sev-' + x.f.severity + '" data-n="' + x.n + '">' + esc(text.slice(x.s, x.e)) + "</mark>";
      pos = x.e;
    }
    // A trailing newline needs a character after it to take its height.
    hl.innerHTML = html + esc(text.slice(pos)) + "\n ";
    syncScroll();
  }

  function syncScroll() { hl.parentElement.scrollTop = draft.scrollTop; }

  // announce says the verdict in the status region when it differs from
  // the one said last; the same verdict again leaves the region untouched.
  function announce(res) {
    if (res.verdict === announced) return;
    announced = res.verdict;
    let say = "Verdict: " + res.headline.word;
    if (res.verdict === "wait" && res.not_before) say += " until " + wallClock(res.not_before);
    verdictStatus.textContent = say + ".";
  }

  function render(text, res) {
    const v = res.verdict;
    announce(res);
    const box = $("verdict");
    box.className = "verdict verdict-" + v;
    $("verdict-word").textContent = res.headline.word;
    $("verdict-line").textContent = res.headline.line;
    // The reasons that decided come first: show three, fold the rest, so
    // a long angry draft's answer still fits a phone.
    const reasons = $("reasons");
    const item = (r) => { const li = document.createElement("li"); li.textContent = r; return li; };
    const shown = res.reasons.slice(0, 3).map(item);
    if (res.reasons.length > 3) {
      const more = document.createElement("details");
      const sum = document.createElement("summary");
      sum.textContent = (res.reasons.length - 3) + " more reason" + (res.reasons.length > 4 ? "s" : "");
      const ul = document.createElement("ul");
      ul.replaceChildren(...res.reasons.slice(3).map(item));
      more.append(sum, ul);
      const li = document.createElement("li");
      li.className = "more";
      li.append(more);
      shown.push(li);
    }
    reasons.replaceChildren(...shown);

    // One entry per span: findings on overlapping words are listed under
    // one quote, each saying its severity in words, not colour alone.
    const sevWord = { error: "Serious", warning: "Change", info: "Note" };
    const rank = { info: 0, warning: 1, error: 2 };
    const groups = [];
    res.findings.forEach((f, n) => {
      const g = groups[groups.length - 1];
      if (f.text && g && g.end > f.start && g.text) {
        g.items.push({ f, n });
        g.end = Math.max(g.end, f.end);
        if (rank[f.severity] > rank[g.sev]) g.sev = f.severity;
        if (f.text.length > g.text.length) g.text = f.text;
        return;
      }
      groups.push({ text: f.text, start: f.start, end: f.end, sev: f.severity, items: [{ f, n }] });
    });
    const list = $("findings");
    list.replaceChildren(...groups.map((g) => {
      const li = document.createElement("li");
      li.className = "finding sev-" + g.sev;
      li.dataset.rule = g.items.map((x) => x.f.rule).join(" ");
      if (g.text) { const q = document.createElement("q"); q.textContent = g.text; li.append(q); }
      for (const { f, n } of g.items) {
        const m = document.createElement("span"); m.className = "msg";
        const sv = document.createElement("strong"); sv.className = "sev"; sv.textContent = sevWord[f.severity] + ": ";
        m.append(sv, f.message); li.append(m);
        if (f.replace) {
          const b = document.createElement("button");
          b.type = "button"; b.className = "secondary apply";
          b.textContent = f.suggestion === "" ? "Delete it" : "Use “" + f.suggestion + "”";
          b.addEventListener("click", () => apply(n));
          li.append(b);
        } else if (f.suggestion) {
          const s = document.createElement("span"); s.className = "sugg"; s.textContent = f.suggestion; li.append(s);
        }
      }
      return li;
    }));

    const rw = $("rewrite");
    rw.hidden = !res.rewrite;
    $("rewrite-text").textContent = res.rewrite || "";
    // Under don't send, keeping it in the journal is the first thing offered.
    const copy = $("copy"), journal = $("journal");
    if (v === "dont_send") {
      journal.classList.remove("secondary"); copy.classList.add("secondary");
      copy.parentElement.prepend(journal);
    } else {
      copy.classList.remove("secondary"); journal.classList.add("secondary");
      copy.parentElement.prepend(copy);
    }
    $("hold").hidden = !(v === "wait" && res.not_before);
    if (res.not_before) $("hold").textContent = "Hold it until " + wallClock(res.not_before);
    result.hidden = false;
    errBox.hidden = true;
  }

  // apply puts a finding's replacement in place of its span, if the draft
  // is still the text that was checked.
  function apply(n) {
    if (!last || draft.value !== last.text) { check(); return; }
    const f = last.res.findings[n];
    const at = utf16At(last.text);
    const s = at.get(f.start), e = at.get(f.end);
    if (s === undefined || e === undefined) return;
    draft.value = last.text.slice(0, s) + f.suggestion + last.text.slice(e);
    draft.focus();
    draft.setSelectionRange(s + f.suggestion.length, s + f.suggestion.length);
    status.textContent = "Changed. Checking again…";
    check();
  }

  async function check() {
    clearTimeout(timer);
    const text = draft.value;
    if (text.trim() === "") {
      if (inflight) inflight.abort();
      last = null; result.hidden = true; errBox.hidden = true; paintHighlights(text, null);
      // An empty draft has no verdict; the next one is new and is said.
      announced = ""; verdictStatus.textContent = "";
      return;
    }
    if (inflight) inflight.abort();
    const ctl = new AbortController();
    inflight = ctl;
    const n = ++seq;
    try {
      const res = await api("POST", "/api/v1/check", request(), ctl.signal);
      if (n !== seq) return;
      last = { text, res };
      render(text, res);
      paintHighlights(draft.value === text ? text : draft.value, draft.value === text ? res : null);
      if (status.textContent === "Changed. Checking again…") status.textContent = "";
    } catch (e) {
      if (e.name === "AbortError" || n !== seq) return;
      errBox.textContent = e.message;
      errBox.hidden = false;
    }
  }

  function schedule() {
    paintHighlights(draft.value, last && last.text === draft.value ? last.res : null);
    clearTimeout(timer);
    timer = setTimeout(check, 120);
  }

  draft.addEventListener("input", schedule);
  draft.addEventListener("scroll", syncScroll);
  for (const sel of [form.contact, form.goal, form.mood, form.reply]) sel.addEventListener("change", check);
  form.addEventListener("submit", (e) => { e.preventDefault(); check(); });
  new ResizeObserver(() => { hl.style.height = draft.offsetHeight + "px"; syncScroll(); }).observe(draft);

  $("use-rewrite").addEventListener("click", () => {
    if (!last || !last.res.rewrite) return;
    draft.value = last.res.rewrite;
    draft.focus();
    check();
  });

  $("copy").addEventListener("click", async () => {
    const text = draft.value;
    if (!text.trim()) { status.textContent = "There is nothing to copy yet."; return; }
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      // No clipboard API (a plain-http LAN address): select and copy.
      draft.select();
      document.execCommand("copy");
    }
    status.textContent = "Copied. Paste it in your messenger when you are ready.";
  });

  $("hold").addEventListener("click", async () => {
    try {
      const h = await api("POST", "/api/v1/holds", request());
      status.textContent = "Held until " + wallClock(h.not_before) + ". You'll find it under Holds.";
    } catch (e) { status.textContent = e.message; }
  });

  $("journal").addEventListener("click", async () => {
    if (!draft.value.trim()) { status.textContent = "Write something first."; return; }
    try {
      await api("POST", "/api/v1/journal", { text: draft.value, contact: form.contact.value, verdict: last ? last.res.verdict : "" });
      status.textContent = "Kept in your journal. Writing it down was worth it.";
    } catch (e) { status.textContent = e.message; }
  });

  if (draft.value.trim()) check();
})();
