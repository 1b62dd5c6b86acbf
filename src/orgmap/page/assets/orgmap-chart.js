/*
 * orgmap chart view: the org chart of the embedded data as boxes on tiers, people inside
 * them, with the "Chart / Network" switch. Slots and tiers come from Python (igraph's
 * Sugiyama layout); here each box is one slot wide and each tier as tall as its tallest
 * box, measured once, so the layout never moves afterwards: the year control only fades
 * or hides what is not in force.
 *
 * Curated text reaches the document only through textContent. The view shares the
 * selection, the side panel and the year with the network through window.orgmap.
 */
(function () {
  "use strict";

  const api = window.orgmap;
  const DATA = api.data;
  const CHART = DATA.chart;
  const YEARS = DATA.years;
  const state = api.state;
  const BOX_WIDTH = 250;
  const SLOT = BOX_WIDTH + 30;
  const TIER_GAP = 70;
  const PAD = 24;
  const HOLDER_LIMIT = CHART.limit;
  const SVG = "http://www.w3.org/2000/svg";

  const chartArea = document.getElementById("chart");
  const canvas = document.getElementById("chart-canvas");
  const lines = document.getElementById("chart-lines");
  const aloneGrid = document.getElementById("chart-alone");
  const viewButtons = { chart: document.getElementById("view-chart"),
    network: document.getElementById("view-network") };
  const boxElements = {};
  const holderRows = [];
  const linkPaths = [];
  const boxOf = {};

  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }

  function svg(tag, attributes) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    return element;
  }

  // -- boxes ---------------------------------------------------------------------------

  function holderRow(holder, box) {
    const row = el("li", "holder");
    row.dataset.person = holder.person;
    row.appendChild(el("span", "holder-text", holder.text));
    if (holder.via.length) row.appendChild(el("span", "via", " · " + holder.via.join(", ")));
    if (holder.elsewhere.length) {
      const mark = el("span", "elsewhere", " ◆");
      mark.title = "Also holds roles in: " + holder.elsewhere.join("; ");
      row.appendChild(mark);
    }
    const possible = el("span", "possible", " (?)");
    possible.title = "Possibly in post: the dates do not settle it";
    row.appendChild(possible);
    row.addEventListener("mouseenter", () => markPerson(holder.person, true));
    row.addEventListener("mouseleave", () => markPerson(holder.person, false));
    row.addEventListener("click", (event) => {
      event.stopPropagation();
      if (api.nodes.get(holder.person)) api.selectEntity(holder.person, false);
      else api.selectEntity(box.id, false);
    });
    holderRows.push({ element: row, holder: holder, box: box.id });
    return row;
  }

  function buildBox(box) {
    const element = el("div", "box");
    element.dataset.id = box.id;
    element.style.setProperty("--box-colour", box.colour);
    const head = el("div", "box-head");
    head.style.background = box.colour;
    head.style.color = box.ink;
    const [name, nameZh] = box.names[0];
    head.appendChild(el("div", "box-name", name));
    if (nameZh) head.appendChild(el("div", "box-name zh", nameZh));
    element.appendChild(head);
    for (const [other, otherZh] of box.names.slice(1)) {
      element.appendChild(el("div", "box-also", "also: " + [other, otherZh].filter(Boolean).join(" ")));
    }
    if (box.holders.length) {
      const list = el("ul", "holders");
      box.holders.slice(0, HOLDER_LIMIT).forEach((holder) => list.appendChild(holderRow(holder, box)));
      if (box.holders.length > HOLDER_LIMIT) {
        list.appendChild(el("li", "more", "+ " + (box.holders.length - HOLDER_LIMIT) + " more"));
      }
      element.appendChild(list);
    }
    element.addEventListener("click", () => api.selectEntity(box.id, false));
    boxElements[box.id] = element;
    for (const member of box.members) boxOf[member] = box.id;
    return element;
  }

  // -- geometry: one slot per box, tiers as tall as their tallest box ------------------

  const geometry = { left: {}, top: {}, tierTop: [], tierHeight: [], minX: 0 };

  function slotLeft(x) {
    return PAD + (x - geometry.minX) * SLOT;
  }

  function layOut() {
    const placed = CHART.boxes.filter((box) => box.x !== null);
    geometry.minX = placed.reduce((low, box) => Math.min(low, box.x), 0);
    const heights = new Array(CHART.tiers).fill(0);
    for (const box of placed) {
      const element = boxElements[box.id];
      element.style.width = BOX_WIDTH + "px";
      heights[box.tier] = Math.max(heights[box.tier], element.offsetHeight);
    }
    let top = PAD + 10;
    for (let tier = 0; tier < CHART.tiers; tier += 1) {
      geometry.tierTop.push(top);
      geometry.tierHeight.push(heights[tier]);
      top += heights[tier] + (heights[tier] ? TIER_GAP : 0);
    }
    let right = 0;
    for (const box of placed) {
      const element = boxElements[box.id];
      geometry.left[box.id] = slotLeft(box.x);
      geometry.top[box.id] = geometry.tierTop[box.tier];
      element.style.left = geometry.left[box.id] + "px";
      element.style.top = geometry.top[box.id] + "px";
      right = Math.max(right, geometry.left[box.id] + BOX_WIDTH);
    }
    for (const link of CHART.links) for (const x of link.route) right = Math.max(right, slotLeft(x) + BOX_WIDTH);
    canvas.style.width = (right + PAD) + "px";
    canvas.style.height = (top - TIER_GAP + PAD) + "px";
    lines.setAttribute("width", String(right + PAD));
    lines.setAttribute("height", String(top));
  }

  function boxTier(id) {
    return CHART.boxes.find((box) => box.id === id).tier;
  }

  function bottomOf(id) {
    return geometry.top[id] + boxElements[id].offsetHeight;
  }

  // Parent's bottom, down to the gap under its tier, across, down through the slots of the
  // tiers in between (kept free of boxes), across, and down into the child's top.
  function downPath(link, offset) {
    const fromTier = boxTier(link.from);
    let x = geometry.left[link.from] + BOX_WIDTH / 2;
    const points = [[x, bottomOf(link.from)]];
    let tier = fromTier;
    const stops = link.route.map((slot) => slotLeft(slot) + BOX_WIDTH / 2);
    stops.push(geometry.left[link.to] + BOX_WIDTH / 2);
    for (const stopX of stops) {
      const gapY = geometry.tierTop[tier] + geometry.tierHeight[tier] + TIER_GAP / 2 + offset;
      points.push([x, gapY], [stopX, gapY]);
      x = stopX;
      tier += 1;
      if (tier !== boxTier(link.to)) {
        points.push([x, geometry.tierTop[tier] + geometry.tierHeight[tier]]);
      }
    }
    points.push([x, geometry.top[link.to]]);
    return "M" + points.map((p) => p[0].toFixed(1) + "," + p[1].toFixed(1)).join("L");
  }

  function flatPath(link) {
    const fromLeft = geometry.left[link.from];
    const toLeft = geometry.left[link.to];
    const rightward = fromLeft < toLeft;
    const x1 = fromLeft + (rightward ? BOX_WIDTH * 0.75 : BOX_WIDTH * 0.25);
    const x2 = toLeft + (rightward ? BOX_WIDTH * 0.25 : BOX_WIDTH * 0.75);
    const y1 = geometry.top[link.from];
    const y2 = geometry.top[link.to];
    const lift = Math.min(y1, y2) - 26;
    return "M" + x1 + "," + y1 + "C" + x1 + "," + lift + " " + x2 + "," + lift + " " + x2 + "," + y2;
  }

  function drawLinks() {
    const defs = svg("defs", {});
    const colours = new Set(CHART.links.map((link) => link.colour));
    const markerOf = {};
    [...colours].forEach((colour, index) => {
      const marker = svg("marker", { id: "chart-arrow-" + index, viewBox: "0 0 10 10", refX: "9",
        refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" });
      marker.appendChild(svg("path", { d: "M0,0L10,5L0,10z", fill: colour }));
      defs.appendChild(marker);
      markerOf[colour] = "url(#chart-arrow-" + index + ")";
    });
    lines.appendChild(defs);
    const parentsSeen = {};
    for (const link of CHART.links) {
      if (!(link.from in geometry.left) || !(link.to in geometry.left)) continue;
      const down = boxTier(link.from) < boxTier(link.to);
      if (!(link.from in parentsSeen)) parentsSeen[link.from] = Object.keys(parentsSeen).length;
      const offset = ((parentsSeen[link.from] % 5) - 2) * 4;
      const path = svg("path", { d: down ? downPath(link, offset) : flatPath(link), fill: "none",
        stroke: link.colour, "stroke-width": link.type === "part_of" ? "2" : "1.8",
        "marker-end": markerOf[link.colour] });
      if (link.kind !== "down" && link.kind !== "flat") path.setAttribute("stroke-dasharray", "7 5");
      path.dataset.from = link.from;
      path.dataset.to = link.to;
      path.classList.add("chart-link");
      lines.appendChild(path);
      linkPaths.push({ element: path, link: link });
    }
  }

  // -- looks: the year control, the date, the selection -----------------------------------

  function yearLetter(letters, fallback) {
    if (state.year === null || !YEARS || !letters) return fallback;
    return letters[state.year - YEARS.first] || fallback;
  }

  function setLook(element, letter) {
    element.classList.toggle("out", letter === "n" && state.grey);
    element.classList.toggle("gone", letter === "n" && !state.grey);
    element.classList.toggle("maybe", letter === "m");
  }

  function restyleChart() {
    if (!built) return;
    for (const box of CHART.boxes) setLook(boxElements[box.id], yearLetter(box.years, "y"));
    for (const row of holderRows) {
      const fixed = DATA.at ? row.holder.status : "y";
      setLook(row.element, yearLetter(row.holder.years, fixed));
    }
    for (const { element, link } of linkPaths) setLook(element, yearLetter(link.years, "y"));
    const focus = state.focus;
    const chosen = focus !== null ? (boxOf[focus] || null) : null;
    for (const [id, element] of Object.entries(boxElements)) {
      element.classList.toggle("selected", id === chosen);
    }
    for (const row of holderRows) row.element.classList.toggle("selected", row.holder.person === focus);
    for (const { element, link } of linkPaths) {
      element.classList.toggle("selected", chosen !== null && (link.from === chosen || link.to === chosen));
    }
  }

  function markPerson(person, on) {
    for (const row of holderRows) {
      if (row.holder.person !== person) continue;
      row.element.classList.toggle("same-person", on);
      boxElements[row.box].classList.toggle("has-person", on);
    }
  }

  // Scroll the selection into view: centred when the view opens or a search jumps to it,
  // only as far as needed when the reader clicked something already on screen.
  function reveal(id, centre) {
    const target = boxElements[boxOf[id]] ||
      (holderRows.find((row) => row.holder.person === id) || {}).element;
    const where = centre ? "center" : "nearest";
    if (target) target.scrollIntoView({ block: where, inline: where });
  }

  // -- the switch ---------------------------------------------------------------------------

  // Boxes are built the first time the chart is shown (not when a page opens on the
  // network), and measured then to place the tiers, which needs the chart on screen.
  let built = false;

  function buildChart() {
    built = true;
    for (const box of CHART.boxes) {
      const element = buildBox(box);
      if (box.x === null) aloneGrid.appendChild(element); else canvas.appendChild(element);
    }
    const note = document.getElementById("chart-note");
    if (CHART.undrawn.length) {
      const list = note.querySelector("ul");
      for (const text of CHART.undrawn) list.appendChild(el("li", "", text));
      note.hidden = false;
    }
    document.getElementById("chart-alone-section").hidden = !CHART.alone.length;
    if (CHART.omitted) {
      canvas.appendChild(el("p", "chart-omitted", "This selection has " + CHART.omitted +
        " bodies, more than the chart view draws. Render a part of it, e.g. " +
        "orgmap render --view chart --focus NAME --depth 2."));
    }
  }

  function setView(view) {
    api.view = view;
    chartArea.hidden = view !== "chart";
    if (view === "chart" && !built) {
      buildChart();
      layOut();
      drawLinks();
      restyleChart();
    }
    document.body.dataset.view = view;
    for (const [name, button] of Object.entries(viewButtons)) {
      button.setAttribute("aria-pressed", name === view ? "true" : "false");
    }
    if (view === "chart" && state.focus !== null) reveal(state.focus, true);
    if (view === "network" && state.focus !== null && api.nodes.get(state.focus)) {
      api.network.selectNodes([state.focus]);
    }
  }

  api.onRestyle = restyleChart;
  api.onSelect = (id, move) => { if (api.view === "chart") reveal(id, move || id === DATA.focus); };
  api.setView = setView;
  viewButtons.chart.addEventListener("click", () => setView("chart"));
  viewButtons.network.addEventListener("click", () => setView("network"));
  chartArea.addEventListener("click", (event) => {
    if (event.target === chartArea || event.target === canvas) api.clearSelection();
  });
  setView(DATA.view === "chart" ? "chart" : "network");
})();
