// The Contact page's charts, drawn with the vendored uPlot from
// GET /api/v1/contacts/{id}/series: reply delays, words per message and
// initiations for both sides, and the emotional temperature of the user's
// own messages.
"use strict";
(function () {
  const box = document.querySelector("[data-series-url]");
  if (!box || !window.uPlot) return;
  const status = box.querySelector(".chart-status");
  const theirs = "#1d4ed8", mine = "#c2410c";
  const hours = (xs) => xs.map((v) => (v == null ? null : Math.round((v / 3600) * 10) / 10));

  function make(el, series, data, opts) {
    const width = Math.max(280, el.clientWidth);
    const chart = new uPlot(Object.assign({
      width, height: 200,
      series: [{ label: "Month", value: (u, v) => v == null ? "" : new Date(v * 1000).toLocaleDateString(undefined, { month: "short", year: "numeric" }) }].concat(series),
      axes: [{}, { size: 44 }],
      scales: { x: { time: true } },
      cursor: { drag: { x: false, y: false } },
    }, opts || {}), data, el);
    el.dataset.drawn = "1";
    return chart;
  }

  function line(label, color, extra) {
    return Object.assign({ label, stroke: color, width: 2, points: { show: true, size: 5 }, spanGaps: false }, extra || {});
  }

  window.steady.api("GET", box.dataset.seriesUrl).then((s) => {
    if (!s.t || s.t.length === 0) { status.textContent = "Not enough history to draw yet."; return; }
    const el = (name) => box.querySelector('[data-chart="' + name + '"]');
    const charts = [];
    charts.push(make(el("delay"), [line("Them (h)", theirs), line("You (h)", mine)],
      [s.t, hours(s.reply_delay_theirs_s), hours(s.reply_delay_mine_s)]));
    charts.push(make(el("words"), [line("Them", theirs), line("You", mine)],
      [s.t, s.words_theirs, s.words_mine]));
    const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.35, 40], align: 0 }) : undefined;
    charts.push(make(el("initiations"), [
      { label: "Them", stroke: theirs, fill: theirs + "cc", paths: bars, points: { show: false } },
      { label: "You", stroke: mine, fill: mine + "cc", paths: bars ? uPlot.paths.bars({ size: [0.35, 40], align: 1 }) : undefined, points: { show: false } },
    ], [s.t, s.initiations_theirs, s.initiations_mine]));
    if (s.temperature_mine) {
      charts.push(make(el("temperature"), [line("You", mine, { fill: mine + "22" })],
        [s.t, s.temperature_mine], { scales: { x: { time: true }, y: { range: [0, 1] } } }));
    }
    status.textContent = "";
    let t = 0;
    window.addEventListener("resize", () => {
      clearTimeout(t);
      t = setTimeout(() => charts.forEach((c) => c.setSize({ width: Math.max(280, c.root.parentElement.clientWidth), height: 200 })), 150);
    });
  }).catch((e) => { status.textContent = "The charts could not be drawn: " + e.message; });
})();
