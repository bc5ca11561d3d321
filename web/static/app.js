// steady: what every page shares. No framework and no build step.
"use strict";
(function () {
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrf = meta ? meta.content : "";

  // api calls the JSON API with the page's CSRF token and returns the
  // decoded answer, or throws an Error carrying the server's message.
  async function api(method, url, body, signal) {
    const opts = { method, headers: { "X-CSRF-Token": csrf }, signal, credentials: "same-origin" };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(url, opts);
    if (res.status === 204) return null;
    let data = null;
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      const err = new Error((data && data.error) || ("steady answered " + res.status));
      err.status = res.status;
      throw err;
    }
    return data;
  }

  // Moments are written as the pages and the CLI write them (Go's
  // internal/say): "Tue 8 Dec, 09:48", with the year after the month when
  // it is not this year — the server's, which the page carries.
  const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const yearMeta = document.querySelector('meta[name="steady-year"]');
  const thisYear = yearMeta ? +yearMeta.content : new Date().getFullYear();

  // wallClock formats an RFC 3339 time as the wall clock it names, in its
  // own offset (the user's zone), not the browser's.
  function wallClock(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(s || "");
    if (!m) return s || "";
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    let day = DAYS[d.getUTCDay()] + " " + (+m[3]) + " " + MONTHS[+m[2] - 1];
    if (+m[1] !== thisYear) day += " " + m[1];
    return day + ", " + m[4] + ":" + m[5];
  }

  // month names the month that starts at Unix second sec in zone (the
  // browser's when not given): "Nov 2025".
  function month(sec, zone) {
    const d = new Date(sec * 1000);
    let y = d.getFullYear(), mo = d.getMonth();
    try {
      const parts = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "numeric", timeZone: zone }).formatToParts(d);
      y = +parts.find((p) => p.type === "year").value;
      mo = +parts.find((p) => p.type === "month").value - 1;
    } catch (e) { /* an unknown zone: the browser's */ }
    return MONTHS[mo] + " " + y;
  }

  window.steady = { api, csrf, wallClock, month };
})();
