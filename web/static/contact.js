// The Contact page's charts, drawn with the vendored uPlot from
// GET /api/v1/contacts/{id}/series: reply delays, words per message and
// initiations for both sides, and the emotional temperature of the user's
// own messages. A chart is a picture: each one also gets its text
// alternative, a sentence with the latest month and the range, and the
// numbers month by month in a list (lists reflow on a narrow screen;
// tables would not).
"use strict";
(function () {
  const box = document.querySelector("[data-series-url]");
  if (!box || !window.uPlot) return;
  const status = box.querySelector(".chart-status");
  const them = box.dataset.them || "They";
  const theirs = "#1d4ed8", mine = "#c2410c";
  // The reply-time chart's unit comes from the data: replies of a few
  // minutes would lie flat at 0 in hours, and of a few days be hundreds.
  function delayUnit(cols) {
    const max = Math.max(0, ...cols.flat().filter((v) => v != null));
    if (max < 3600) return { name: "minutes", short: "min", per: 60 };
    if (max < 2 * 86400) return { name: "hours", short: "h", per: 3600 };
    return { name: "days", short: "days", per: 86400 };
  }
  const inUnit = (xs, u) => xs.map((v) => (v == null ? null : Math.round((v / u.per) * 10) / 10));

  // The chart takes the width it is given, down to a phone at 200% zoom;
  // the text beside it carries the numbers when it gets small.
  const widthOf = (el) => Math.max(120, el.clientWidth || 280);

  // The x axis names the months as the text beside the chart does ("Oct
  // 2026"), one tick per month, every few months when they would crowd.
  const monthAxis = {
    splits: (u) => u.data[0],
    values: (u, splits) => {
      const step = Math.max(1, Math.ceil(splits.length / Math.max(1, Math.floor(u.bbox.width / devicePixelRatio / 72))));
      return splits.map((v, i) => (i % step === 0 ? monthName(v) : ""));
    },
  };

  function make(el, series, data, opts) {
    const chart = new uPlot(Object.assign({
      width: widthOf(el), height: 200,
      series: [{ label: "Month", value: (u, v) => v == null ? "" : monthName(v) }].concat(series),
      axes: [monthAxis, { size: 44 }],
      // Room on the right for the last month's name, centred on its tick.
      padding: [null, 28, null, null],
      scales: { x: { time: true } },
      cursor: { drag: { x: false, y: false } },
    }, opts || {}), data, el);
    el.dataset.drawn = "1";
    return chart;
  }

  function line(label, color, extra) {
    return Object.assign({ label, stroke: color, width: 2, points: { show: true, size: 5 }, spanGaps: false }, extra || {});
  }

  // Buckets start at the 1st, 00:00 in the user's zone: name them there.
  let zone;
  const monthName = (sec) => window.steady.month(sec, zone);

  // duration says seconds as steady does elsewhere (analyze.HumanDuration).
  function duration(sec) {
    const min = sec / 60, h = sec / 3600, days = Math.round(sec / 86400);
    if (sec < 60) return "under a minute";
    if (min < 60) return Math.round(min) + " min";
    if (h < 48) return (h < 10 ? String(Math.round(h * 10) / 10) : String(Math.round(h))) + " h";
    if (days < 60) return days + " days";
    if (days < 730) return Math.round(days / 30.44) + " months";
    return Math.round(days / 365.25) + " years";
  }
  const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
  const words = (v) => String(Math.round(v));
  const score = (v) => v.toFixed(2);

  // range is "from a to b" over the months that have a value, or null.
  function range(xs, fmt) {
    const ok = xs.filter((v) => v != null);
    if (ok.length < 2) return null;
    const lo = Math.min(...ok), hi = Math.max(...ok);
    return lo === hi ? "always " + fmt(lo) : "from " + fmt(lo) + " to " + fmt(hi);
  }

  // latest is the index of the last month where any of the columns has a
  // value (with counts, a value above zero).
  function latest(t, cols, counts) {
    for (let i = t.length - 1; i >= 0; i--) if (cols.some((c) => c[i] != null && (!counts || c[i] > 0))) return i;
    return -1;
  }

  // describe writes a chart's text alternative after its figure caption.
  function describe(name, sentence, rows) {
    const fig = box.querySelector('[data-figure="' + name + '"]');
    const p = document.createElement("p");
    p.className = "chart-text";
    p.textContent = sentence;
    const det = document.createElement("details");
    det.className = "chart-data";
    const sum = document.createElement("summary");
    sum.textContent = "The numbers, month by month";
    const ul = document.createElement("ul");
    ul.replaceChildren(...rows.map((r) => { const li = document.createElement("li"); li.textContent = r; return li; }));
    det.append(sum, ul);
    fig.append(p, det);
  }

  // pair describes two columns (theirs, yours) of one measure: "Typical
  // reply in Nov 2025, the latest month: Alex 10 min, you 2 min. Over 14
  // months: Alex from 4 min to 3 h, you from 1 min to 20 min."
  function pair(name, s, lead, a, b, fmt, none) {
    const n = s.t.length, i = latest(s.t, [a, b]);
    const say = (v) => (v == null ? none : fmt(v));
    let sentence = lead + ": none yet.";
    if (i >= 0) {
      sentence = lead + " in " + monthName(s.t[i]) + ", the latest month: " + them + " " + say(a[i]) + ", you " + say(b[i]) + ".";
      const ra = range(a, fmt), rb = range(b, fmt);
      if (n > 1 && (ra || rb)) {
        sentence += " Over " + plural(n, "month", "months") + ": " + them + " " + (ra || "too few to say") + ", you " + (rb || "too few to say") + ".";
      }
    }
    const rows = s.t.map((t, k) => monthName(t) + ": " + them + " " + say(a[k]) + ", you " + say(b[k]));
    describe(name, sentence, rows);
  }

  window.steady.api("GET", box.dataset.seriesUrl).then((s) => {
    if (!s.t || s.t.length === 0) { status.textContent = "Not enough history to draw yet."; return; }
    zone = s.zone && s.zone !== "Local" ? s.zone : undefined;
    const el = (name) => box.querySelector('[data-chart="' + name + '"]');
    const charts = [];
    const unit = delayUnit([s.reply_delay_theirs_s, s.reply_delay_mine_s]);
    box.querySelector('[data-figure="delay"] [data-unit]').textContent = "(" + unit.name + ")";
    charts.push(make(el("delay"), [line("Them (" + unit.short + ")", theirs), line("You (" + unit.short + ")", mine)],
      [s.t, inUnit(s.reply_delay_theirs_s, unit), inUnit(s.reply_delay_mine_s, unit)]));
    pair("delay", s, "Typical reply", s.reply_delay_theirs_s, s.reply_delay_mine_s, duration, "no replies");

    charts.push(make(el("words"), [line("Them", theirs), line("You", mine)],
      [s.t, s.words_theirs, s.words_mine]));
    pair("words", s, "Words per message", s.words_theirs, s.words_mine, words, "no messages");

    const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.35, 40], align: 0 }) : undefined;
    charts.push(make(el("initiations"), [
      { label: "Them", stroke: theirs, fill: theirs + "cc", paths: bars, points: { show: false } },
      { label: "You", stroke: mine, fill: mine + "cc", paths: bars ? uPlot.paths.bars({ size: [0.35, 40], align: 1 }) : undefined, points: { show: false } },
    ], [s.t, s.initiations_theirs, s.initiations_mine]));
    {
      const sum = (xs) => xs.reduce((a, b) => a + b, 0);
      const a = s.initiations_theirs, b = s.initiations_mine, i = latest(s.t, [a, b], true);
      let sentence = "No conversations started yet.";
      if (i >= 0) {
        sentence = "Over " + plural(s.t.length, "month", "months") + " " + them + " started " + plural(sum(a), "conversation", "conversations") + " and you " + sum(b) +
          ". In " + monthName(s.t[i]) + ", the latest month with one: " + them + " " + a[i] + ", you " + b[i] + ".";
      }
      describe("initiations", sentence, s.t.map((t, k) => monthName(t) + ": " + them + " started " + a[k] + "; you " + b[k]));
    }

    if (s.temperature_mine) {
      charts.push(make(el("temperature"), [line("You", mine, { fill: mine + "22" })],
        [s.t, s.temperature_mine], { scales: { x: { time: true }, y: { range: [0, 1] } } }));
      const v = s.temperature_mine, i = latest(s.t, [v]);
      let sentence = "None of your messages scored yet.";
      if (i >= 0) {
        sentence = "In " + monthName(s.t[i]) + ", the latest month: " + score(v[i]) + " (0 calm, 1 very charged).";
        let hi = i;
        v.forEach((x, k) => { if (x != null && x > v[hi]) hi = k; });
        const r = range(v, score);
        if (r) sentence += " Over " + plural(s.t.length, "month", "months") + " " + r + (r.startsWith("from") ? ", the most charged in " + monthName(s.t[hi]) : "") + ".";
      }
      describe("temperature", sentence, s.t.map((t, k) => monthName(t) + ": " + (v[k] == null ? "no messages" : score(v[k]))));
    } else {
      box.querySelector('[data-figure="temperature"]').hidden = true;
    }
    status.textContent = "";
    let t = 0;
    window.addEventListener("resize", () => {
      clearTimeout(t);
      t = setTimeout(() => charts.forEach((c) => c.setSize({ width: widthOf(c.root.parentElement), height: 200 })), 150);
    });
  }).catch((e) => { status.textContent = "The charts could not be drawn: " + e.message; });
})();
