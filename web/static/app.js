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

  // wallClock formats an RFC 3339 time as the wall clock it names, in its
  // own offset (the user's zone), not the browser's.
  function wallClock(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(s || "");
    if (!m) return s || "";
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
    const day = d.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
    return day + ", " + m[4] + ":" + m[5];
  }

  window.steady = { api, csrf, wallClock };
})();
