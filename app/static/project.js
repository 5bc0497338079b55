// The project page: follows queued and running generations live until they finish.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const table = document.getElementById("generations");
  if (!table) {
    return;
  }
  const api = window.helixApi;
  const form = document.getElementById("generate-form");
  const INTERVAL_MS = 1000;

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

  function update(row, generation) {
    row.dataset.status = generation.status;
    const statusCell = row.querySelector(".status-cell");
    statusCell.replaceChildren(
      api.text(
        "span",
        generation.status === "succeeded" ? "ready" : generation.status,
        "status status-" + generation.status
      )
    );
    if (generation.error) {
      statusCell.appendChild(api.text("p", generation.error.message, "problem"));
    }
    row.querySelector(".size-cell").textContent = size(generation.size_bytes);
    row.querySelector(".sha-cell").replaceChildren(api.text("code", generation.sha256 || "–"));
    const download = row.querySelector(".download-cell");
    download.replaceChildren();
    if (generation.download_url) {
      const link = api.text("a", "Download", "button download");
      link.href = generation.download_url;
      link.setAttribute("download", generation.filename || "");
      download.appendChild(link);
    }
  }

  function pending() {
    return table.querySelectorAll('tr[data-status="queued"], tr[data-status="running"]').length > 0;
  }

  async function poll() {
    if (!pending()) {
      return;
    }
    const answer = await api.call("GET", table.dataset.listUrl);
    if (answer.ok) {
      answer.data.items.forEach(function (generation) {
        const row = table.querySelector('tr[data-generation-id="' + generation.id + '"]');
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
