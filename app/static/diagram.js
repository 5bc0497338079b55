// The ER diagram viewer: zoom (buttons, + and - keys, Ctrl+wheel), pan (drag, arrow keys,
// scrolling), and `helixDiagram.replace(svgText)` for pages that redraw it as you edit.
"use strict";

window.helixDiagram = (function () {
  const STEP = 1.25;
  let scale = 1;

  function parts() {
    const viewport = document.getElementById("diagram-viewport");
    return { viewport: viewport, svg: viewport ? viewport.querySelector("svg") : null };
  }

  function apply() {
    const found = parts();
    if (!found.svg) {
      return;
    }
    const box = found.svg.viewBox.baseVal;
    found.svg.setAttribute("width", String(Math.round(box.width * scale)));
    found.svg.setAttribute("height", String(Math.round(box.height * scale)));
    const label = document.getElementById("diagram-zoom-level");
    if (label) {
      label.textContent = Math.round(scale * 100) + "%";
    }
  }

  function fit() {
    const found = parts();
    if (!found.svg) {
      return;
    }
    const box = found.svg.viewBox.baseVal;
    const room = found.viewport.clientWidth - 4;
    scale = Math.min(1, Math.max(0.2, room / box.width));
    apply();
  }

  function zoom(factor) {
    scale = Math.min(4, Math.max(0.2, scale * factor));
    apply();
  }

  function replace(svgText) {
    const found = parts();
    if (!found.viewport) {
      return;
    }
    const parsed = new DOMParser().parseFromString(svgText, "image/svg+xml").documentElement;
    if (parsed.nodeName !== "svg") {
      return;
    }
    found.viewport.replaceChildren(document.importNode(parsed, true));
    apply();
  }

  function setUp() {
    const found = parts();
    if (!found.viewport) {
      return;
    }
    const viewport = found.viewport;
    document.getElementById("diagram-zoom-in").addEventListener("click", function () { zoom(STEP); });
    document.getElementById("diagram-zoom-out").addEventListener("click", function () { zoom(1 / STEP); });
    document.getElementById("diagram-fit").addEventListener("click", fit);
    viewport.addEventListener("keydown", function (event) {
      if (event.key === "+" || event.key === "=") {
        zoom(STEP);
        event.preventDefault();
      } else if (event.key === "-") {
        zoom(1 / STEP);
        event.preventDefault();
      }
    });
    viewport.addEventListener("wheel", function (event) {
      if (event.ctrlKey) {
        zoom(event.deltaY < 0 ? STEP : 1 / STEP);
        event.preventDefault();
      }
    }, { passive: false });
    let drag = null;
    viewport.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && event.button === 0) {
        drag = { x: event.clientX, y: event.clientY, left: viewport.scrollLeft, top: viewport.scrollTop };
        viewport.classList.add("dragging");
      }
    });
    window.addEventListener("pointermove", function (event) {
      if (drag) {
        viewport.scrollLeft = drag.left - (event.clientX - drag.x);
        viewport.scrollTop = drag.top - (event.clientY - drag.y);
      }
    });
    window.addEventListener("pointerup", function () {
      drag = null;
      viewport.classList.remove("dragging");
    });
    fit();
  }

  document.addEventListener("DOMContentLoaded", setUp);
  return { replace: replace, fit: fit };
})();
