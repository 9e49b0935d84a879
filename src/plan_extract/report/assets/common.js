"use strict";
/* Shared by the review pages: the embedded data and a small element builder. */
const DATA = JSON.parse(document.getElementById("report-data").textContent);

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "style") node.style.cssText = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key.startsWith("data-")) node.setAttribute(key, String(value));
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function pct(value, whole) {
  return (100 * value / whole).toFixed(3) + "%";
}

/* Position a box (x0, top, x1, bottom in points) over a page of size w × h points. */
function place(node, box, page) {
  node.style.left = pct(box[0], page.w);
  node.style.top = pct(box[1], page.h);
  node.style.width = pct(Math.max(box[2] - box[0], 1), page.w);
  node.style.height = pct(Math.max(box[3] - box[1], 1), page.h);
  return node;
}
