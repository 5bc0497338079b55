// The requirements form: "Draft genome" asks the API for a draft and fills the YAML.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const button = document.getElementById("draft-button");
  if (!button) {
    return;
  }
  const status = document.getElementById("draft-status");
  const notes = document.getElementById("draft-notes");
  const value = function (id) {
    return document.getElementById(id).value;
  };

  button.addEventListener("click", async function () {
    const description = value("description").trim();
    if (!description) {
      status.textContent = "Describe the product first.";
      return;
    }
    button.disabled = true;
    status.textContent = "Drafting…";
    const body = {
      description: description,
      stack: { backend: value("backend"), frontend: value("frontend") },
      tenancy: value("tenancy"),
      features: {
        billing: document.getElementById("billing").checked,
        async_jobs: document.getElementById("async_jobs").checked,
        email: value("email_provider"),
      },
    };
    if (value("name").trim()) {
      body.name = value("name").trim();
    }
    const answer = await window.helixApi.call("POST", "/api/v1/genomes/draft", body);
    button.disabled = false;
    notes.replaceChildren();
    if (!answer.ok) {
      status.textContent = (answer.data && answer.data.message) || "Drafting failed; try again.";
      return;
    }
    document.getElementById("genome_yaml").value = answer.data.genome_yaml;
    status.textContent = "Drafted: review the genome below, then create the project.";
    answer.data.notes.forEach(function (note) {
      notes.appendChild(window.helixApi.text("li", note));
    });
  });
});
