// The review page: validate or save the YAML without leaving the page; problems appear
// next to their lines, and the entities table and diagram refresh after a save.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const form = document.getElementById("genome-form");
  if (!form) {
    return;
  }
  const textarea = document.getElementById("genome_yaml");
  const status = document.getElementById("save-status");
  const problems = document.getElementById("problems");
  const api = window.helixApi;

  function show(answer, successText) {
    if (answer.ok) {
      api.renderProblems(problems, textarea.value, []);
      status.textContent = successText;
      status.className = "ok";
      return;
    }
    const data = answer.data || {};
    status.textContent = data.message || "The request failed (" + answer.status + ").";
    status.className = "error";
    api.renderProblems(problems, textarea.value, Array.isArray(data.details) ? data.details : []);
  }

  async function refreshSummary() {
    const response = await fetch(window.location.href, { credentials: "same-origin" });
    if (!response.ok) {
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const entities = page.getElementById("entities");
    if (entities) {
      document.getElementById("entities").replaceWith(document.adoptNode(entities));
    }
    const drawing = page.querySelector("#diagram-viewport svg");
    if (drawing && window.helixDiagram) {
      window.helixDiagram.replace(drawing.outerHTML);
    } else if (!document.getElementById("diagram-viewport")) {
      const section = page.getElementById("diagram");
      if (section) {
        window.location.reload();
      }
    }
  }

  document.getElementById("validate-button").addEventListener("click", async function () {
    status.textContent = "Validating…";
    const answer = await api.call("POST", "/api/v1/genomes/validate", { genome_yaml: textarea.value });
    show(answer, "Valid. Save to keep it.");
  });

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    status.textContent = "Saving…";
    const answer = await api.call("PATCH", form.dataset.projectUrl, { genome_yaml: textarea.value });
    show(answer, "Saved: the genome is valid.");
    if (answer.ok) {
      await refreshSummary();
    }
  });
});
