// The visual genome editor on the review page: entities, fields and relations as labelled
// controls. Every change rewrites the YAML (server-side dump), is checked by the validate
// API, and redraws the diagram; editing the YAML rebuilds the controls.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const root = document.getElementById("genome-editor");
  const textarea = document.getElementById("genome_yaml");
  if (!root || !textarea) {
    return;
  }
  const api = window.helixApi;
  const TYPES = root.dataset.types.split(",");
  const KINDS = root.dataset.kinds.split(",");
  const ON_DELETE = root.dataset.onDelete.split(",");
  const status = document.getElementById("editor-status");
  let model = null;
  let counter = 0;
  let timer = null;

  function uid() {
    counter += 1;
    return "ge-" + counter;
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") {
        node.textContent = attrs[key];
      } else {
        node.setAttribute(key, attrs[key]);
      }
    });
    (children || []).forEach(function (child) {
      node.appendChild(child);
    });
    return node;
  }

  // A labelled control bound to obj[key]; `path` is the validator's path for problems.
  function control(label, obj, key, path, kind, options) {
    const id = uid();
    let input;
    if (kind === "select") {
      input = el("select", { id: id });
      options.forEach(function (value) {
        const option = el("option", { value: value, text: value === "" ? "(none)" : value });
        if (String(obj[key] === undefined ? "" : obj[key]) === value) {
          option.selected = true;
        }
        input.appendChild(option);
      });
    } else if (kind === "checkbox") {
      input = el("input", { id: id, type: "checkbox" });
      input.checked = Boolean(obj[key]);
    } else {
      input = el("input", { id: id, type: "text" });
      const value = obj[key];
      input.value = value === undefined || value === null ? "" : Array.isArray(value) ? value.join(", ") : String(value);
    }
    input.dataset.path = path;
    input.addEventListener("change", function () {
      write(obj, key, input, kind);
      changed(false);
    });
    const wrap = el("div", { class: "ge-control ge-" + kind }, [el("label", { for: id, text: label }), input]);
    return wrap;
  }

  function write(obj, key, input, kind) {
    if (kind === "checkbox") {
      if (input.checked) {
        obj[key] = true;
      } else {
        delete obj[key];
      }
      return;
    }
    const raw = input.value.trim();
    if (raw === "") {
      delete obj[key];
    } else if (kind === "list") {
      obj[key] = raw.split(/\s*,\s*/).filter(Boolean);
    } else if (kind === "number") {
      obj[key] = isNaN(Number(raw)) ? raw : Number(raw);
    } else if (kind === "scalar") {
      obj[key] = raw === "true" ? true : raw === "false" ? false : isNaN(Number(raw)) ? raw : Number(raw);
    } else {
      obj[key] = raw;
    }
  }

  // Rename a key of an ordered mapping, keeping its place.
  function renamed(mapping, from, to) {
    const fresh = {};
    Object.keys(mapping).forEach(function (key) {
      fresh[key === from ? to : key] = mapping[key];
    });
    return fresh;
  }

  function moved(list, index, step) {
    const target = index + step;
    if (target < 0 || target >= list.length) {
      return list;
    }
    const copy = list.slice();
    const item = copy.splice(index, 1)[0];
    copy.splice(target, 0, item);
    return copy;
  }

  function button(text, label, action) {
    const node = el("button", { type: "button", class: "ge-button", text: text, "aria-label": label });
    node.addEventListener("click", function () {
      action();
      changed(true);
    });
    return node;
  }

  function nameControl(label, current, path, apply) {
    const holder = { name: current };
    const wrap = control(label, holder, "name", path, "text");
    wrap.querySelector("input").addEventListener("change", function () {
      if (holder.name && holder.name !== current) {
        apply(holder.name);
        changed(true);
      }
    });
    return wrap;
  }

  function mappingRows(entity, index, key, title, render) {
    const mapping = entity[key] || {};
    const names = Object.keys(mapping);
    const list = el("ol", { class: "ge-rows" });
    names.forEach(function (name, position) {
      const path = "entities[" + index + "]." + key + "." + name;
      const row = el("li", { class: "ge-row" });
      row.appendChild(nameControl(title + " name", name, path, function (fresh) {
        entity[key] = renamed(entity[key], name, fresh);
      }));
      render(mapping[name], path, row);
      const order = Object.keys(mapping);
      row.appendChild(el("div", { class: "ge-actions" }, [
        button("↑", "Move " + title.toLowerCase() + " " + name + " up", function () {
          entity[key] = reorder(entity[key], moved(order, position, -1));
        }),
        button("↓", "Move " + title.toLowerCase() + " " + name + " down", function () {
          entity[key] = reorder(entity[key], moved(order, position, 1));
        }),
        button("Delete", "Delete " + title.toLowerCase() + " " + name, function () {
          delete entity[key][name];
        }),
      ]));
      list.appendChild(row);
    });
    return list;
  }

  function reorder(mapping, order) {
    const fresh = {};
    order.forEach(function (key) {
      fresh[key] = mapping[key];
    });
    return fresh;
  }

  function freeName(mapping, base) {
    let name = base;
    let number = 1;
    while (mapping && Object.prototype.hasOwnProperty.call(mapping, name)) {
      number += 1;
      name = base + "_" + number;
    }
    return name;
  }

  function renderField(spec, path, row) {
    row.appendChild(control("Type", spec, "type", path + ".type", "select", TYPES));
    row.appendChild(control("Required", spec, "required", path + ".required", "checkbox"));
    row.appendChild(control("Unique", spec, "unique", path + ".unique", "checkbox"));
    row.appendChild(control("Min", spec, "min", path + ".min", "number"));
    row.appendChild(control("Max", spec, "max", path + ".max", "number"));
    if (spec.type === "enum") {
      row.appendChild(control("Values (comma separated)", spec, "values", path + ".values", "list"));
    }
    row.appendChild(control("Default", spec, "default", path + ".default", "scalar"));
  }

  function renderRelation(spec, path, row) {
    const targets = ["User"].concat(model.entities.map(function (entity) { return entity.name; }));
    row.appendChild(control("Kind", spec, "kind", path + ".kind", "select", KINDS));
    row.appendChild(control("Target", spec, "target", path + ".target", "select", targets));
    row.appendChild(control("On delete", spec, "on_delete", path + ".on_delete", "select", [""].concat(ON_DELETE)));
    row.appendChild(control("Inverse name", spec, "inverse", path + ".inverse", "text"));
  }

  function render() {
    const list = el("ol", { class: "ge-entities", id: "ge-entities" });
    (model.entities || []).forEach(function (entity, index) {
      const path = "entities[" + index + "]";
      const card = el("li", { class: "ge-entity" });
      const head = el("div", { class: "ge-entity-head" });
      head.appendChild(nameControl("Entity name", entity.name, path + ".name", function (fresh) {
        const old = entity.name;
        entity.name = fresh;
        model.entities.forEach(function (other) {
          Object.values(other.relations || {}).forEach(function (relation) {
            if (relation.target === old) {
              relation.target = fresh;
            }
          });
        });
      }));
      head.appendChild(el("div", { class: "ge-actions" }, [
        button("↑", "Move entity " + entity.name + " up", function () { model.entities = moved(model.entities, index, -1); }),
        button("↓", "Move entity " + entity.name + " down", function () { model.entities = moved(model.entities, index, 1); }),
        button("Delete", "Delete entity " + entity.name, function () { model.entities.splice(index, 1); }),
      ]));
      card.appendChild(head);
      card.appendChild(el("h3", { text: "Fields of " + entity.name }));
      card.appendChild(mappingRows(entity, index, "fields", "Field", renderField));
      card.appendChild(button("Add field", "Add field to " + entity.name, function () {
        entity.fields = entity.fields || {};
        entity.fields[freeName(entity.fields, "new_field")] = { type: "string" };
      }));
      card.appendChild(el("h3", { text: "Relations of " + entity.name }));
      card.appendChild(mappingRows(entity, index, "relations", "Relation", renderRelation));
      card.appendChild(button("Add relation", "Add relation to " + entity.name, function () {
        entity.relations = entity.relations || {};
        entity.relations[freeName(entity.relations, "related")] = { kind: "many_to_one", target: "User" };
      }));
      card.appendChild(el("p", { class: "ge-problem-slot", "data-path": path }));
      list.appendChild(card);
    });
    const add = button("Add entity", "Add entity", function () {
      let name = "NewEntity";
      let number = 1;
      const taken = model.entities.map(function (entity) { return entity.name; });
      while (taken.indexOf(name) >= 0) {
        number += 1;
        name = "NewEntity" + number;
      }
      model.entities.push({ name: name, fields: { name: { type: "string", required: true } } });
    });
    add.classList.add("primary");
    root.replaceChildren(list, add);
  }

  function showProblems(problems) {
    root.querySelectorAll(".ge-problem").forEach(function (node) { node.remove(); });
    root.querySelectorAll("[aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
    const controls = Array.prototype.slice.call(root.querySelectorAll("[data-path]"));
    problems.forEach(function (problem) {
      const path = problem.path || "";
      let best = null;
      controls.forEach(function (node) {
        const candidate = node.dataset.path;
        const fits = path === candidate || path.indexOf(candidate + ".") === 0 || path.indexOf(candidate + "[") === 0;
        if (fits && (!best || candidate.length > best.dataset.path.length)) {
          best = node;
        }
      });
      const note = el("p", { class: "ge-problem problem", id: uid(), text: (best ? "" : path + ": ") + problem.message });
      if (best && best.tagName !== "P") {
        best.setAttribute("aria-invalid", "true");
        best.setAttribute("aria-describedby", note.id);
        best.parentNode.appendChild(note);
      } else if (best) {
        best.appendChild(note);
      } else {
        root.insertBefore(note, root.firstChild);
      }
    });
  }

  function report(answer) {
    const problems = answer.ok ? [] : (answer.data && Array.isArray(answer.data.details) ? answer.data.details : []);
    showProblems(problems);
    status.textContent = problems.length
      ? problems.length + (problems.length === 1 ? " problem" : " problems") + ": see the marked controls."
      : "Valid. Save to keep your changes.";
    status.className = problems.length ? "error" : "ok";
  }

  async function changed(structural) {
    if (structural) {
      render();
    }
    status.textContent = "Checking…";
    const answer = await api.call("POST", root.dataset.convertUrl, { model: model });
    if (!answer.ok) {
      status.textContent = (answer.data && answer.data.message) || "The change could not be checked.";
      return;
    }
    textarea.value = answer.data.genome_yaml;
    if (answer.data.svg && window.helixDiagram) {
      window.helixDiagram.replace(answer.data.svg);
    }
    report(await api.call("POST", "/api/v1/genomes/validate", { genome_yaml: textarea.value }));
  }

  async function fromYaml() {
    const answer = await api.call("POST", root.dataset.convertUrl, { genome_yaml: textarea.value });
    if (!answer.ok || !answer.data.model || !Array.isArray(answer.data.model.entities)) {
      status.textContent = "The YAML cannot be shown as controls until it parses; fix it below.";
      status.className = "error";
      return;
    }
    model = answer.data.model;
    render();
    if (answer.data.svg && window.helixDiagram) {
      window.helixDiagram.replace(answer.data.svg);
    }
    report(await api.call("POST", "/api/v1/genomes/validate", { genome_yaml: textarea.value }));
  }

  textarea.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fromYaml, 600);
  });
  fromYaml();
});
