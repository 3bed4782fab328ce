// Icebreaker console: drag-and-drop onto the file field, and post forms in place (append the reply HTML).
// Rules of this file: no framework, no HTML built from strings here (the server renders and escapes every
// fragment); without this script the same forms work as plain page posts.
(function () {
  "use strict";
  const transcript = document.getElementById("transcript");
  const drop = document.getElementById("drop");
  const fileInput = document.getElementById("log-file");
  const chosen = document.getElementById("chosen");

  function showChosen() {
    chosen.textContent = fileInput.files.length ? fileInput.files[0].name : "";
  }

  if (drop && fileInput) {
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (event) {
        event.preventDefault();
        drop.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        fileInput.files = event.dataTransfer.files;
        showChosen();
      }
    });
    fileInput.addEventListener("change", showChosen);
  }

  async function post(form, submitter) {
    const body = new FormData(form, submitter);
    const buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    let response;
    try {
      // form.action would be the buttons named "action"; read the attribute
      response = await fetch(form.getAttribute("action"), {
        method: "POST",
        body: body,
        headers: { "X-Icebreaker-Fetch": "1" },
        credentials: "same-origin",
      });
    } catch (err) {
      buttons.forEach(function (b) { b.disabled = false; });
      return;
    }
    const html = await response.text();
    const holder = document.createElement("div");
    holder.className = "turn";
    holder.innerHTML = html; // server-rendered, escaped fragment
    transcript.appendChild(holder);
    holder.scrollIntoView({ behavior: "smooth", block: "start" });
    if (form.id === "upload") {
      buttons.forEach(function (b) { b.disabled = false; });
      form.reset();
      showChosen();
    } else if (submitter) {
      submitter.classList.add("chosen-action");
    }
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    event.preventDefault();
    post(form, event.submitter || null);
  });
})();
