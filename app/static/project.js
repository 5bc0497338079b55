// The project page: follows queued and running generations live until they finish.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const list = document.getElementById("generations");
  if (!list) {
    return;
  }
  const api = window.helixApi;
  const form = document.getElementById("generate-form");
  const INTERVAL_MS = 1000;
  const WORDS = { queued: "queued", running: "running", succeeded: "ready", failed: "failed" };

  if (form) {
    form.addEventListener("submit", function () {
      document.getElementById("generate-button").disabled = true;
    });
  }

  function size(bytes) {
    if (bytes === null || bytes === undefined) {
      return "–";
    }
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : (bytes / 1024).toFixed(1) + " KB";
  }

  function link(label, href, className) {
    const anchor = api.text("a", label, className);
    anchor.href = href;
    return anchor;
  }

  function update(row, generation) {
    row.dataset.status = generation.status;
    const word = WORDS[generation.status] || generation.status;
    const statusCell = row.querySelector(".status-cell");
    statusCell.replaceChildren(api.text("span", word, "status status-" + word));
    if (generation.error) {
      statusCell.appendChild(api.text("span", generation.error.message, "problem"));
    }
    row.querySelector(".size-cell").textContent = size(generation.size_bytes);
    const actions = row.querySelector(".actions-cell");
    actions.replaceChildren();
    if (generation.download_url) {
      actions.appendChild(link("Browse files", list.dataset.filesUrl + generation.id + "/files", "button"));
      actions.appendChild(document.createTextNode(" "));
      const download = link("Download zip", generation.download_url, "button download");
      download.setAttribute("download", generation.filename || "");
      actions.appendChild(download);
      const base = previousSucceeded(row);
      if (base) {
        actions.appendChild(document.createTextNode(" "));
        actions.appendChild(link("Changes", list.dataset.filesUrl + generation.id + "/changes", "button changes"));
        actions.appendChild(document.createTextNode(" "));
        const patch = link(
          "Download patch",
          list.dataset.apiUrl + generation.id + "/patch?base=" + encodeURIComponent(base),
          "button patch"
        );
        patch.setAttribute("download", "");
        actions.appendChild(patch);
      }
    }
    if (generation.sha256) {
      let sha = row.querySelector(".sha");
      if (!sha) {
        sha = row.appendChild(api.text("code", "", "sha"));
      }
      sha.textContent = generation.sha256.slice(0, 12);
      sha.title = "SHA-256 of the zip: " + generation.sha256;
    }
  }

  // The succeeded generation listed below this one (the list is newest first).
  function previousSucceeded(row) {
    for (let older = row.nextElementSibling; older; older = older.nextElementSibling) {
      if (older.dataset.status === "succeeded") {
        return older.dataset.generationId;
      }
    }
    return null;
  }

  function pending() {
    return list.querySelectorAll('li[data-status="queued"], li[data-status="running"]').length > 0;
  }

  async function poll() {
    if (!pending()) {
      return;
    }
    const answer = await api.call("GET", list.dataset.listUrl);
    if (answer.ok) {
      answer.data.items.forEach(function (generation) {
        const row = list.querySelector('li[data-generation-id="' + generation.id + '"]');
        if (row) {
          update(row, generation);
        }
      });
    }
    if (pending()) {
      window.setTimeout(poll, INTERVAL_MS);
    }
  }

  window.setTimeout(poll, INTERVAL_MS);
});
