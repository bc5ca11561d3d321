"use strict";
(function () {
  const btn = document.getElementById("use-device-tz");
  const input = document.getElementById("tz");
  let zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }
  if (!btn || !input || !zone) return;
  btn.textContent = "Use this device's zone (" + zone + ")";
  btn.hidden = false;
  btn.addEventListener("click", () => { input.value = zone; input.focus(); });
})();
