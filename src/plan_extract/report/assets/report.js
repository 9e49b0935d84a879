/* The plan's review page. Everything is built from DATA (see plan_report.report_data). */
const FIELD_LABELS = {
  strategic_action_number: "action no.", strategic_action: "strategic action",
  objective_number: "objective no.", objective: "objective",
  activity_number: "activity no.", activity: "activity", collaborators: "collaborators",
  responsible: "responsible", indicator: "indicator", target: "target",
  verification: "verification",
};
const LAYERS = [
  ["cells", "activity cells"], ["grid", "table grid"], ["furniture", "headers/footers"],
  ["stamp", "stamps"], ["unassigned", "unassigned words"],
];
const SPANNING = /^(strategic_action|objective)/;  // fields whose cells span many rows
const pieceNodes = [];
const state = { activity: null };

function fieldColor(field) {
  return `var(--f-${field}, #555)`;
}

function buildPage(page) {
  const overlay = h("div", { class: "ov" });
  for (const mark of DATA.marks) {
    if (mark[0] !== page.n) continue;
    const [, x0, top, x1, bottom, kind, text] = mark;
    overlay.append(place(h("div", { class: `box ${kind}`, title: text }), [x0, top, x1, bottom], page));
  }
  DATA.pieces.forEach((piece, index) => {
    if (piece.p !== page.n) return;
    const node = place(
      h("div", {
        class: "piece", "data-piece": index, "data-field": piece.f, "data-page": piece.p,
        title: `${FIELD_LABELS[piece.f] || piece.f}: ${piece.t}`,
        style: `--c: ${fieldColor(piece.f)}`,
        onclick: () => choosePiece(index),
      }),
      piece.b, page,
    );
    for (const other of piece.l) {
      const there = DATA.pieces[other];
      const later = there.p > piece.p;
      node.append(h("span", {
        class: `link ${later ? "next" : "prev"}`, "data-to": other,
        title: "the same cell continues on another page",
        onclick: (event) => { event.stopPropagation(); goToPiece(other); },
      }, later ? `continues p. ${there.p} ↓` : `↑ from p. ${there.p}`));
    }
    pieceNodes[index] = node;
    overlay.append(node);
  });
  return h("div", { class: "page", id: `page-${page.n}`, "data-page": page.n },
    h("img", { src: page.img, alt: `page ${page.n}`, loading: "lazy",
               width: Math.round(page.w), height: Math.round(page.h) }),
    h("span", { class: "num" }, `p. ${page.n}`),
    overlay);
}

function activityItem(index) {
  const activity = DATA.activities[index];
  const text = [activity.label, ...Object.values(activity.record).map(
    (v) => (typeof v === "string" ? v : ""))].join(" ").toLowerCase();
  return h("li", {
    class: "act", "data-activity": index, "data-search": text, title: activity.label,
    onclick: () => chooseActivity(index, null, true),
  }, activity.label || "(no text)");
}

function shorten(text, width) {
  return text.length <= width ? text : text.slice(0, width - 1) + "…";
}

function findingItem(finding, index) {
  const where = [
    finding.section, finding.activity !== null ? shorten(DATA.activities[finding.activity].label, 70) : null,
    finding.field ? FIELD_LABELS[finding.field] || finding.field : null,
    finding.page ? `p. ${finding.page}` : null,
  ].filter(Boolean).join(" · ");
  return h("li", {
    class: "finding", "data-finding": index, "data-source": finding.source,
    onclick: () => openFinding(index),
  },
  h("span", { class: `sev ${finding.severity}` }, finding.severity), " ",
  h("b", {}, finding.check), " ", finding.message,
  h("div", { class: "where" }, where));
}

function layerToggles() {
  return h("div", { class: "legend" }, LAYERS.map(([key, label]) => h("label", {},
    h("input", { type: "checkbox", checked: true, "data-layer": key,
                 onchange: (e) => document.body.classList.toggle(`hide-${key}`, !e.target.checked) }),
    " ", label)));
}

function fieldLegend() {
  const shown = DATA.fields.filter((f) => !f.endsWith("_number"));
  return h("div", { class: "legend" }, shown.map((f) => h("span", {},
    h("span", { class: "swatch", style: `border-color: ${fieldColor(f)}` }), FIELD_LABELS[f] || f)));
}

function buildSide() {
  const review = DATA.findings.filter((f) => f.source === "review").length;
  const audit = DATA.findings.length - review;
  const findings = h("ul", { class: "list", id: "findings" });
  DATA.findings.forEach((finding, index) => {
    if (index === 0 && finding.source === "review") findings.append(h("li", { class: "sec" }, `Review (${review})`));
    if (finding.source === "audit" && (index === 0 || DATA.findings[index - 1].source !== "audit")) {
      findings.append(h("li", { class: "sec" }, `Audit (${audit})`));
    }
    findings.append(findingItem(finding, index));
  });
  if (!review) findings.prepend(h("li", { class: "sec muted" }, "Review: no findings"));
  const list = h("ul", { class: "list", id: "activities" });
  DATA.sections.forEach((section) => {
    list.append(h("li", { class: "sec" }, section.name));
    section.activities.forEach((index) => list.append(activityItem(index)));
  });
  const search = h("input", {
    id: "search", type: "search", placeholder: "search activities…",
    oninput: (e) => filterActivities(e.target.value),
  });
  return h("div", { id: "side" },
    h("h1", {}, DATA.title),
    h("div", {}, DATA.source || "", " · ",
      h("span", { class: `status ${DATA.status}`, id: "status" }, DATA.status)),
    layerToggles(), fieldLegend(),
    h("h2", {}, `Findings (${DATA.findings.length})`), findings,
    h("h2", {}, `Sections and activities (${DATA.activities.length})`), search, list);
}

function filterActivities(query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  for (const item of document.querySelectorAll("li.act")) {
    const hay = item.dataset.search;
    item.classList.toggle("hidden", !words.every((w) => hay.includes(w)));
  }
}

function valueCell(value) {
  if (value === null || value === undefined || value === "") return h("span", { class: "muted" }, "—");
  if (Array.isArray(value)) return value.length ? value.join(" · ") : h("span", { class: "muted" }, "—");
  return String(value);
}

function targetsTable(targets) {
  if (!targets.length) return h("span", { class: "muted" }, "none parsed");
  return h("ul", { class: "targets" }, targets.map((t) => h("li", {},
    [t.comparator, t.quantity_text ?? t.quantity, t.unit, t.percent !== null ? `${t.percent} %` : null]
      .filter((x) => x !== null && x !== undefined && x !== "").join(" ") || t.text,
    t.deadline ? h("span", { class: "muted" }, ` — due ${t.deadline.due || "?"} (${t.deadline.text})`) : null,
    t.unparsed.length ? h("span", { class: "muted" }, ` unparsed: ${t.unparsed.join("; ")}`) : null)));
}

function institutionPills(institutions) {
  if (!institutions.length) return h("span", { class: "muted" }, "none");
  return institutions.map((m) => h("span", {
    class: `pill ${m.institution_id ? "" : "unknown"}`,
    title: m.institution_id ? `${m.name} (${m.institution_id})` : `unknown${m.suggestion ? `; closest: ${m.suggestion}` : ""}`,
  }, `${m.role === "responsible" ? "★ " : ""}${m.acronym || m.text}`));
}

function showRecord(index) {
  const panel = document.getElementById("record");
  panel.replaceChildren();
  if (index === null) {
    panel.append(h("p", { class: "muted" }, "Choose an activity, a finding or a cell."));
    return;
  }
  const activity = DATA.activities[index];
  const record = activity.record;
  const rows = DATA.fields.map((f) => h("tr", { "data-field": f, style: `--c: ${fieldColor(f)}` },
    h("th", {}, h("span", { class: "swatch" }), FIELD_LABELS[f] || f),
    h("td", { class: "value" }, valueCell(record[f]))));
  panel.append(
    h("h1", {}, activity.label),
    h("div", { class: "muted" }, `${DATA.sections[activity.section].name} · pages ${activity.pages.join(", ")}`),
    h("table", { id: "record-fields" }, rows,
      h("tr", {}, h("th", {}, "activity id"), h("td", { id: "record-id" }, valueCell(record.activity_id))),
      h("tr", {}, h("th", {}, "indicators"), h("td", {}, valueCell(record.indicators))),
      h("tr", {}, h("th", {}, "targets"), h("td", {}, targetsTable(record.targets))),
      h("tr", {}, h("th", {}, "institutions"), h("td", {}, institutionPills(record.institutions)))),
    h("details", {}, h("summary", {}, "record as JSON"),
      h("pre", { id: "record-json" }, JSON.stringify(record, null, 2))));
}

function clearMarks() {
  document.querySelectorAll(".piece.hl, .piece.focus").forEach((n) => n.classList.remove("hl", "focus"));
  document.querySelectorAll("li.selected").forEach((n) => n.classList.remove("selected"));
  document.querySelectorAll(".page.flash").forEach((n) => n.classList.remove("flash"));
}

function scrollToNode(node) {
  node.scrollIntoView({ block: "center", inline: "nearest" });
}

/* Highlight every piece of an activity (all pages); `field` narrows the focus. */
function chooseActivity(index, field, scroll) {
  clearMarks();
  state.activity = index;
  const activity = DATA.activities[index];
  const item = document.querySelector(`li.act[data-activity="${index}"]`);
  if (item) item.classList.add("selected");
  let first = null;
  for (const p of activity.pieces) {
    const node = pieceNodes[p];
    if (!node) continue;
    node.classList.add("hl");
    if (field && DATA.pieces[p].f === field) {
      node.classList.add("focus");
      first = first || node;
    }
  }
  // Without a field, scroll to the activity's own row (spanning cells may start pages earlier).
  first = first || pieceNodes[activity.pieces.find((p) => !SPANNING.test(DATA.pieces[p].f)) ?? activity.pieces[0]];
  showRecord(index);
  document.body.dataset.activity = String(index);
  if (scroll && first) scrollToNode(first);
  return first;
}

function choosePiece(index) {
  const owners = DATA.pieces[index].a;
  const at = owners.indexOf(state.activity);
  const next = owners[(at + 1) % owners.length];  // a shared cell cycles through its activities
  chooseActivity(next, DATA.pieces[index].f, false);
}

function goToPiece(index) {
  const node = pieceNodes[index];
  if (!node) return;
  node.classList.add("focus");
  scrollToNode(node);
}

function goToPage(number) {
  const node = document.getElementById(`page-${number}`);
  if (!node) return null;
  node.classList.add("flash");
  scrollToNode(node);
  return node;
}

function openFinding(index) {
  const finding = DATA.findings[index];
  let landed = null;
  if (finding.activity !== null) {
    landed = chooseActivity(finding.activity, finding.field, true);
  } else {
    clearMarks();
    showRecord(null);
  }
  if (!landed && finding.page) landed = goToPage(finding.page);
  const item = document.querySelector(`li.finding[data-finding="${index}"]`);
  if (item) item.classList.add("selected");
  document.body.dataset.finding = String(index);
}

/* Deep links: #activity-N, #finding-N, #page-N. */
function route() {
  const match = /^#(activity|finding|page)-(\d+)$/.exec(location.hash);
  if (!match) return;
  const n = Number(match[2]);
  if (match[1] === "activity" && DATA.activities[n]) chooseActivity(n, null, true);
  else if (match[1] === "finding" && DATA.findings[n]) openFinding(n);
  else if (match[1] === "page") goToPage(n);
}

function main() {
  const pages = h("div", { id: "pages" }, DATA.pages.map(buildPage));
  if (!DATA.pages.length) pages.append(h("p", { class: "muted" }, "The PDF was not found: records and findings only."));
  document.getElementById("app").replaceChildren(buildSide(), pages, h("div", { id: "record" }));
  showRecord(null);
  window.addEventListener("hashchange", route);
  route();
  document.body.dataset.ready = "1";
}

main();
