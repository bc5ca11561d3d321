// Restore from a backup: the Privacy page sends the chosen file, as it
// is, to POST /api/v1/restore (with a progress bar, as an import does) and
// says what came back, in the words of `steady restore`.
"use strict";
(function () {
  const form = document.querySelector("form[data-restore]");
  if (!form) return;
  const input = form.querySelector('input[type="file"]');
  const bar = form.querySelector(".restore-progress");
  const out = form.querySelector(".restore-status");
  const btn = form.querySelector('button[type="submit"]');
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const file = input.files && input.files[0];
    if (!file) return;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-CSRF-Token", window.steady.csrf);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.responseType = "json";
    bar.hidden = false; bar.value = 0; btn.disabled = true;
    out.className = "restore-status"; out.textContent = "Uploading…";
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); bar.textContent = bar.value + "%"; }
    });
    xhr.upload.addEventListener("load", () => { bar.removeAttribute("value"); out.textContent = "Restoring…"; });
    xhr.addEventListener("load", () => {
      btn.disabled = false; bar.hidden = true;
      const body = xhr.response || {};
      if (xhr.status === 200) {
        out.className = "restore-status alert notice";
        out.textContent = body.summary;
        form.reset();
        // "Everything is deleted" no longer holds.
        for (const a of document.querySelectorAll("main > .alert")) a.remove();
        if (location.search) history.replaceState(null, "", location.pathname);
        return;
      }
      out.className = "restore-status alert error";
      out.textContent = body.error || ("The restore failed (" + xhr.status + ").");
    });
    xhr.addEventListener("error", () => {
      btn.disabled = false; bar.hidden = true;
      out.className = "restore-status alert error"; out.textContent = "The upload broke off. Is steady still running?";
    });
    xhr.send(file);
  });
})();
