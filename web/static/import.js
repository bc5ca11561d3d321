// Upload a chat export with a progress bar (XMLHttpRequest reports upload
// progress; fetch does not), then open the contact's page, which shows
// the import's summary as the CLI prints it: the counts, how many
// messages count for the rhythm and what the others are, and what of the
// file was left out.
"use strict";
(function () {
  const KEY = "steady.imported";

  // The summary travels to the contact's page in sessionStorage: it is
  // said once, there, where the rhythm it explains is shown.
  function showSummary() {
    let kept = null;
    try { kept = JSON.parse(sessionStorage.getItem(KEY) || "null"); sessionStorage.removeItem(KEY); } catch (e) { return; }
    if (!kept || location.pathname !== "/contacts/" + kept.contact) return;
    const box = document.createElement("section");
    box.className = "alert notice import-summary";
    box.setAttribute("role", "status");
    const lines = [kept.summary].concat(kept.notes || []).filter(Boolean);
    box.replaceChildren(...lines.map((l) => {
      const p = document.createElement("p");
      p.textContent = l.charAt(0).toUpperCase() + l.slice(1) + (/[.!?]$/.test(l) ? "" : ".");
      return p;
    }));
    const h1 = document.querySelector("main h1");
    if (h1) h1.after(box);
  }
  showSummary();

  for (const form of document.querySelectorAll("form[data-import]")) {
    const bar = form.querySelector(".import-progress");
    const out = form.querySelector(".import-status");
    const btn = form.querySelector('button[type="submit"]');
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/v1/imports");
      xhr.setRequestHeader("X-CSRF-Token", window.steady.csrf);
      xhr.responseType = "json";
      bar.hidden = false; bar.value = 0; btn.disabled = true;
      out.className = "import-status"; out.textContent = "Uploading…";
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); bar.textContent = bar.value + "%"; }
      });
      xhr.upload.addEventListener("load", () => { bar.removeAttribute("value"); out.textContent = "Reading the chat…"; });
      xhr.addEventListener("load", () => {
        btn.disabled = false;
        const body = xhr.response || {};
        if (xhr.status === 201) {
          bar.value = 100;
          out.textContent = body.summary + ".";
          try {
            sessionStorage.setItem(KEY, JSON.stringify({ contact: body.contact.id, summary: body.summary, notes: body.notes || [] }));
          } catch (e) { /* no storage: the page opens without the summary */ }
          window.location.assign("/contacts/" + body.contact.id);
          return;
        }
        bar.hidden = true;
        out.className = "import-status error";
        out.textContent = body.error || ("The import failed (" + xhr.status + ").");
      });
      xhr.addEventListener("error", () => {
        btn.disabled = false; bar.hidden = true;
        out.className = "import-status error"; out.textContent = "The upload broke off. Is steady still running?";
      });
      // The server reads the fields before the file part, and the form's
      // options come after the file input: send the file last.
      const data = new FormData(form);
      const file = data.get("file");
      data.delete("file");
      data.append("file", file);
      xhr.send(data);
    });
  }
})();
