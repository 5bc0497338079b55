// Calls to Helix's own API from pages: JSON, the CSRF header from its cookie.
"use strict";

window.helixApi = (function () {
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrf_access_token=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function call(method, url, body) {
    const options = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    if (method !== "GET") {
      options.headers["X-CSRF-TOKEN"] = csrfToken();
    }
    const response = await fetch(url, options);
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    return { status: response.status, ok: response.ok, data: data };
  }

  function text(tag, content, className) {
    const element = document.createElement(tag);
    element.textContent = content;
    if (className) {
      element.className = className;
    }
    return element;
  }

  // The YAML's lines, each followed by the problems found on it.
  function renderProblems(container, yamlText, problems) {
    container.replaceChildren();
    if (!problems || problems.length === 0) {
      return;
    }
    const lines = yamlText.split("\n");
    if (lines.length > 1 && lines[lines.length - 1] === "") {
      lines.pop();
    }
    const byLine = new Map();
    problems.forEach(function (problem) {
      const line = Math.min(Math.max(problem.line || 1, 1), Math.max(lines.length, 1));
      if (!byLine.has(line)) {
        byLine.set(line, []);
      }
      byLine.get(line).push(problem);
    });
    const list = document.createElement("ol");
    list.className = "yaml-lines";
    list.id = "yaml-lines";
    lines.forEach(function (line, index) {
      const item = document.createElement("li");
      item.value = index + 1;
      item.appendChild(text("code", line));
      (byLine.get(index + 1) || []).forEach(function (problem) {
        item.className = "has-problem";
        const note = document.createElement("p");
        note.className = "problem";
        note.dataset.path = problem.path || "";
        note.appendChild(text("strong", problem.path || "(document)"));
        note.appendChild(document.createTextNode(": " + problem.message));
        item.appendChild(note);
      });
      list.appendChild(item);
    });
    container.appendChild(list);
  }

  return { call: call, text: text, renderProblems: renderProblems };
})();
