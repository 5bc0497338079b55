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

  // The stack choices name the chosen backend ("FastAPI + Next.js" after picking FastAPI).
  const backend = document.getElementById("backend");
  backend.addEventListener("change", function () {
    const label = backend.selectedOptions[0].dataset.label;
    document.querySelectorAll("#frontend option[data-template]").forEach(function (option) {
      option.textContent = option.dataset.template.replace("{api}", label);
    });
  });

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
      features: {},
    };
    // Only explicit choices are sent; "auto" leaves a feature to the description.
    ["billing", "async_jobs"].forEach(function (key) {
      if (value(key) !== "auto") {
        body.features[key] = value(key) === "on";
      }
    });
    if (value("email_provider") !== "auto") {
      body.features.email = value("email_provider");
    }
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
    const found = answer.data.features_detected || {};
    const detected = [];
    if (found.billing) {
      detected.push("billing");
    }
    if (found.async_jobs) {
      detected.push("async jobs");
    }
    if (found.email && found.email !== "console") {
      detected.push("e-mail (" + found.email + ")");
    }
    document.getElementById("draft-detected").textContent = detected.length
      ? "Detected in the description: " + detected.join(", ") + "."
      : "No billing, jobs or e-mail detected in the description.";
    answer.data.notes.forEach(function (note) {
      notes.appendChild(window.helixApi.text("li", note));
    });
  });
});
