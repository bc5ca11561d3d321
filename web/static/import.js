// Upload a chat export with a progress bar (XMLHttpRequest reports upload
// progress; fetch does not), then open the contact's page.
"use strict";
(function () {
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
          out.textContent = "Imported: " + body.import.added + " new messages, " + body.import.duplicate + " already here.";
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
      xhr.send(new FormData(form));
    });
  }
})();
